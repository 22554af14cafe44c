#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ChordLab {

// A scripted, narrated scenario the app plays step by step on a real ring (docs/LESSONS.md):
// each step shows its text, does its action (boot a ring, store keys, add, crash or remove a
// node, look a key up, ...) and waits for what the ring shows afterwards (events of its
// nodes' feeds, the ring healthy again) before the learner can go on.
struct Lesson {
    // Text in several languages ("en" first, the fallback).
    using Text = QHash<QString, QString>;

    // One thing to wait for: `count` events of a type from the nodes' feeds (join, leave,
    // handoff-in, lookup, pred-dead, arc-confirmed, ...), the ring healthy (every check of
    // the health panel green, with `nodes` live nodes when given), or the live nodes' successor
    // pointers forming `rings` separate rings (a partition: 2).
    struct Wait {
        QString event;
        int count = 1;
        bool healthy = false;
        int nodes = 0;
        int rings = 0;
    };
    // What a step does (docs/LESSONS.md, "Writing one"), with the format's defaults.
    struct Action {
        QString what;  // "do": one of actions(); empty: nothing to do
        QString node;  // a node selected first, by name (n1, n2, ...)
        int nodes = 4; // boot: the ring
        int bits = 6;
        int replicas = 3;
        int stabilizeMs = 500;
        QStringList keys;          // store
        QString key;               // lookup
        bool on = true;            // fingers, messages
        QList<QStringList> groups; // partition: node names, a list per group
    };
    struct Step {
        Text text;
        Action action;
        QList<Wait> waits; // in order
        int timeoutS = 60; // then Next is offered anyway, and the learner is told
    };

    QString id;
    Text title;
    Text summary;
    QList<Step> steps;

    static constexpr int FormatVersion = 1;
    // The actions a step can do (docs/LESSONS.md).
    static const QStringList &actions();
    // A lesson document; nullopt (and *error naming the bad part) for anything else.
    static std::optional<Lesson> fromJson(const QJsonObject &json, QString *error);
    static std::optional<Lesson> fromFile(const QString &path, QString *error);
    // The lessons that come with the app (resources/lessons), in teaching order.
    static QList<Lesson> builtIn();
    // text in `language`, else English, else any.
    static QString in(const Text &text, const QString &language);
};

} // namespace ChordLab
