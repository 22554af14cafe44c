#include "Lesson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {

std::optional<Lesson::Text> textOf(const QJsonValue &value) {
    // "text" or {"en": "text", "it": "testo"}
    Lesson::Text text;
    if (value.isString()) {
        text.insert(u"en"_s, value.toString());
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!it.value().isString())
                return std::nullopt;
            text.insert(it.key(), it.value().toString());
        }
    }
    if (text.isEmpty())
        return std::nullopt;
    return text;
}

Lesson::Action actionOf(const QJsonObject &a) {
    Lesson::Action action;
    action.what = a.value(u"do"_s).toString();
    action.node = a.value(u"node"_s).toString();
    action.nodes = a.value(u"nodes"_s).toInt(action.nodes);
    action.bits = a.value(u"bits"_s).toInt(action.bits);
    action.replicas = a.value(u"replicas"_s).toInt(action.replicas);
    action.stabilizeMs = a.value(u"stabilizeMs"_s).toInt(action.stabilizeMs);
    for (const QJsonValue &k : a.value(u"keys"_s).toArray())
        action.keys.append(k.toString());
    action.key = a.value(u"key"_s).toString();
    action.on = a.value(u"on"_s).toBool(true);
    for (const QJsonValue &g : a.value(u"groups"_s).toArray()) {
        QStringList group;
        for (const QJsonValue &name : g.toArray())
            group.append(name.toString());
        action.groups.append(group);
    }
    return action;
}

// Why an action is not one the app can do, or empty.
QString actionProblem(const Lesson::Action &a) {
    const QString &what = a.what;
    if (!Lesson::actions().contains(what))
        return u"unknown action \"%1\" (one of %2)"_s.arg(what, Lesson::actions().join(u", "_s));
    if (what == u"boot"_s) {
        if (a.nodes < 1 || a.nodes > 32 || a.bits < 3 || a.bits > 64)
            return u"boot needs 1..32 nodes and 3..64 bits"_s;
    } else if (what == u"store"_s) {
        if (a.keys.isEmpty())
            return u"store needs a list of keys"_s;
    } else if (what == u"lookup"_s) {
        if (a.key.isEmpty())
            return u"lookup needs a key"_s;
    } else if (what == u"partition"_s) {
        const bool emptyGroup = std::any_of(a.groups.begin(), a.groups.end(), [](const auto &g) {
            return g.isEmpty() || g.contains(QString());
        });
        if (a.groups.size() < 2 || emptyGroup)
            return u"partition needs \"groups\": two or more lists of node names"_s;
    } else if (what == u"select"_s || what == u"crash"_s || what == u"leave"_s ||
               what == u"pause"_s || what == u"resume"_s) {
        if (a.node.isEmpty())
            return u"%1 needs a node name"_s.arg(what);
    }
    return {};
}

} // namespace

const QStringList &Lesson::actions() {
    static const QStringList list{u"boot"_s,   u"store"_s,   u"lookup"_s,   u"select"_s,
                                  u"add"_s,    u"crash"_s,   u"leave"_s,    u"pause"_s,
                                  u"resume"_s, u"fingers"_s, u"messages"_s, u"partition"_s,
                                  u"heal"_s};
    return list;
}

std::optional<Lesson> Lesson::fromJson(const QJsonObject &json, QString *error) {
    auto fail = [error](const QString &why) {
        *error = why;
        return std::optional<Lesson>();
    };
    if (json.value(u"format"_s).toString() != u"chordlab-lesson"_s)
        return fail(u"not a ChordLab lesson (no \"format\": \"chordlab-lesson\")"_s);
    if (json.value(u"version"_s).toInt() != FormatVersion)
        return fail(u"lesson format version %1; this ChordLab reads version %2"_s
                        .arg(json.value(u"version"_s).toVariant().toString())
                        .arg(FormatVersion));
    Lesson lesson;
    lesson.id = json.value(u"id"_s).toString();
    const std::optional<Text> title = textOf(json.value(u"title"_s));
    if (!title)
        return fail(u"the lesson has no title"_s);
    lesson.title = *title;
    lesson.summary = textOf(json.value(u"summary"_s)).value_or(Text{});
    const QJsonArray steps = json.value(u"steps"_s).toArray();
    if (steps.isEmpty())
        return fail(u"the lesson has no steps"_s);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject s = steps.at(i).toObject();
        Step step;
        const std::optional<Text> text = textOf(s.value(u"text"_s));
        if (!text)
            return fail(u"step %1 has no text"_s.arg(i + 1));
        step.text = *text;
        if (s.contains(u"action"_s)) {
            step.action = actionOf(s.value(u"action"_s).toObject());
            const QString problem = actionProblem(step.action);
            if (!problem.isEmpty())
                return fail(u"step %1: %2"_s.arg(i + 1).arg(problem));
        }
        for (const QJsonValue &wv : s.value(u"waitFor"_s).toArray()) {
            const QJsonObject w = wv.toObject();
            Wait wait;
            wait.event = w.value(u"event"_s).toString();
            wait.count = w.value(u"count"_s).toInt(1);
            wait.healthy = w.value(u"healthy"_s).toBool();
            wait.nodes = w.value(u"nodes"_s).toInt(0);
            wait.rings = w.value(u"rings"_s).toInt(0);
            const int kinds = int(!wait.event.isEmpty()) + int(wait.healthy) + int(wait.rings > 0);
            if (kinds != 1 || wait.count < 1 || wait.nodes < 0 || wait.rings < 0)
                return fail(u"step %1: a wait is an \"event\" (with a count of 1 or more), "
                            "\"healthy\": true or \"rings\": N"_s.arg(i + 1));
            step.waits.append(wait);
        }
        step.timeoutS = qBound(1, s.value(u"timeoutS"_s).toInt(60), 3600);
        lesson.steps.append(step);
    }
    return lesson;
}

std::optional<Lesson> Lesson::fromFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = u"not JSON: %1 at offset %2"_s.arg(parse.errorString()).arg(parse.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = u"not a JSON object"_s;
        return std::nullopt;
    }
    return fromJson(doc.object(), error);
}

QList<Lesson> Lesson::builtIn() {
    QList<Lesson> lessons;
    for (const char *name : {"join", "fingers", "crash", "leave", "partition"}) {
        QString error;
        std::optional<Lesson> l = fromFile(u":/lessons/%1.json"_s.arg(QLatin1String(name)), &error);
        if (l)
            lessons.append(std::move(*l));
        else
            qWarning("built-in lesson %s: %s", name, qPrintable(error));
    }
    return lessons;
}

QString Lesson::in(const Text &text, const QString &language) {
    if (text.contains(language))
        return text.value(language);
    if (text.contains(u"en"_s))
        return text.value(u"en"_s);
    return text.isEmpty() ? QString() : text.begin().value();
}

} // namespace ChordLab
