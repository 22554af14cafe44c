// The lookup animation visits exactly the hops of the trace, in order, and ends at the owner.
#include "JsonCodec.h"
#include "LookupAnimation.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace ChordLab;
using namespace Qt::StringLiterals;

class TestLookupAnimation : public QObject {
    Q_OBJECT

private slots:
    void visitsTheHopsInOrder_data() {
        QTest::addColumn<QByteArray>("trace");
        QTest::newRow("two hops") << QByteArray(
            R"({"hopCount":2,"id":"162","key":"hello","ms":0.9,
               "owner":{"host":"127.0.0.1","id":"180","name":"c","port":5203},
               "hops":[{"done":false,"ms":0.4,"node":{"host":"127.0.0.1","id":"52","name":"a","port":5201},
                        "next":{"host":"127.0.0.1","id":"116","name":"b","port":5202}},
                       {"done":true,"ms":0.5,"node":{"host":"127.0.0.1","id":"116","name":"b","port":5202},
                        "next":{"host":"127.0.0.1","id":"180","name":"c","port":5203}}]})");
        QTest::newRow("no hop") << QByteArray(
            R"({"hopCount":0,"id":"162","key":"hello","ms":0.001,"hops":[],
               "owner":{"host":"127.0.0.1","id":"180","name":"c","port":5203}})");
        QTest::newRow("three hops") << QByteArray(
            R"({"id":"7","key":null,"ms":2,"owner":{"host":"h","id":"9","name":"z","port":9},
               "hops":[{"done":false,"ms":1,"node":{"host":"h","id":"1","name":"p","port":1},"next":{"host":"h","id":"3","name":"q","port":3}},
                       {"done":false,"ms":1,"node":{"host":"h","id":"3","name":"q","port":3},"next":{"host":"h","id":"5","name":"r","port":5}},
                       {"done":true,"ms":1,"node":{"host":"h","id":"5","name":"r","port":5},"next":{"host":"h","id":"9","name":"z","port":9}}]})");
    }
    void visitsTheHopsInOrder() {
        QFETCH(QByteArray, trace);
        const auto lookup = Chord::Json::toLookup(QJsonDocument::fromJson(trace).object());
        QVERIFY(lookup);
        LookupAnimation animation;
        animation.setLegDuration(20);
        QSignalSpy visited(&animation, &LookupAnimation::hopVisited);
        QSignalSpy owner(&animation, &LookupAnimation::ownerReached);
        QSignalSpy finished(&animation, &LookupAnimation::finished);
        Chord::NodeRef initiator{u"init"_s, u"127.0.0.1"_s, 5999, 200};
        animation.play(initiator, *lookup);
        QVERIFY(animation.isRunning());
        // Mid-flight the frame carries the token from the initiator to the first node asked.
        const LookupFrame first = animation.frame();
        QVERIFY(first.active);
        QCOMPARE(first.initiator, initiator);
        if (!lookup->hops.isEmpty()) {
            QVERIFY(first.tokenVisible);
            QCOMPARE(first.tokenTo, lookup->hops[0].node);
        }
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(visited.size(), lookup->hops.size());
        for (int i = 0; i < visited.size(); ++i) {
            QCOMPARE(visited[i][0].toInt(), i);
            QCOMPARE(visited[i][1].value<Chord::NodeRef>(), lookup->hops[i].node);
        }
        QCOMPARE(owner.size(), 1);
        QCOMPARE(owner[0][0].value<Chord::NodeRef>(), lookup->owner);
        QVERIFY(!animation.isRunning());
        QVERIFY(!animation.frame().active);
    }

    void queuesLookupsThatArriveWhilePlaying() {
        Chord::LookupResult l;
        l.ok = true;
        l.id = 5;
        l.owner = {u"o"_s, u"h"_s, 1, 6};
        LookupAnimation animation;
        animation.setLegDuration(10);
        QSignalSpy finished(&animation, &LookupAnimation::finished);
        for (int i = 0; i < 3; ++i)
            animation.play({u"i"_s, u"h"_s, 2, 1}, l);
        QCOMPARE(animation.queued(), 2);
        QTRY_COMPARE(finished.size(), 3);
    }
};

QTEST_MAIN(TestLookupAnimation)
#include "tst_lookupanimation.moc"
