// The OpenAPI document lists exactly the routes the node registers (issue 5), and the node
// serves it.
#include "ChordNode.h"
#include "FaultRoutes.h"
#include "HttpServer.h"
#include "NodeApi.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Chord;

class TestOpenApi : public QObject {
    Q_OBJECT

private slots:
    void documentMatchesRegisteredRoutes();
};

static QSet<QString> documentedOperations(const QByteArray &yaml) {
    // The paths section: "  /path:" then "    method:" lines, until the next top-level key.
    QSet<QString> ops;
    bool inPaths = false;
    QString path;
    static const QRegularExpression pathLine(QStringLiteral("^  (/[^:]*):\\s*$"));
    static const QRegularExpression methodLine(
        QStringLiteral("^    (get|put|post|delete|patch|head|options):\\s*$"));
    for (const QByteArray &raw : yaml.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (!line.startsWith(QLatin1Char(' ')) && !line.trimmed().isEmpty())
            inPaths = line.startsWith(QLatin1String("paths:"));
        if (!inPaths)
            continue;
        if (const auto m = pathLine.match(line); m.hasMatch())
            path = m.captured(1);
        else if (const auto m2 = methodLine.match(line); m2.hasMatch() && !path.isEmpty())
            ops.insert(m2.captured(1).toUpper() + QLatin1Char(' ') + path);
    }
    return ops;
}

void TestOpenApi::documentMatchesRegisteredRoutes() {
    NodeConfig config;
    config.self = NodeRef{QStringLiteral("n"), QStringLiteral("127.0.0.1"), 1, 1};
    config.autoMaintenance = false;
    ChordNode node(config, nullptr);
    Http::HttpServer server;
    Http::NodeApi api(node, server, 1024 * 1024);
    LinkFaults faults(QStringLiteral("127.0.0.1:1"));
    Http::FaultRoutes faultRoutes(faults, server); // as NodeRunner wires it
    QSet<QString> registered;
    for (const QByteArray &r : server.routePaths())
        registered.insert(QString::fromUtf8(r));

    QFile file(QStringLiteral(":/chordlab/chordlab.yaml"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "the OpenAPI document is compiled into chord_http");
    const QSet<QString> documented = documentedOperations(file.readAll());
    QVERIFY(documented.size() > 20);
    const QSet<QString> undocumented = registered - documented;
    const QSet<QString> phantom = documented - registered;
    QVERIFY2(undocumented.isEmpty(),
             qPrintable(QStringLiteral("registered but not documented: ") +
                        QStringList(undocumented.values()).join(QLatin1String(", "))));
    QVERIFY2(phantom.isEmpty(),
             qPrintable(QStringLiteral("documented but not registered: ") +
                        QStringList(phantom.values()).join(QLatin1String(", "))));
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
