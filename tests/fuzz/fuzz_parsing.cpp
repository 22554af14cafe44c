// libFuzzer target (clang -fsanitize=fuzzer,address): request parsing and the JSON codecs on
// arbitrary bytes. The first byte picks the entry point, the rest is the input. Every parser
// must return (a value or nullopt) without crashing, leaking out of bounds or looping.
#include "JsonCodec.h"
#include "RequestParsing.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace Chord;

namespace {

void fuzzJson(const QByteArray &bytes, int which) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return;
    const QJsonValue value = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    const QJsonObject object = doc.object();
    switch (which % 8) {
    case 0:
        if (const auto n = Json::toNode(value))
            (void)Json::fromNode(*n);
        break;
    case 1:
        if (const auto items =
                Json::toItems(value.isObject() ? object.value(QLatin1String("items")) : value))
            (void)Json::fromItems(*items);
        break;
    case 2:
        if (const auto n = Json::toNeighbors(object))
            (void)Json::fromNeighbors(*n);
        break;
    case 3:
        if (const auto r = Json::toReplicateRequest(object))
            (void)Json::fromReplicateRequest(*r);
        break;
    case 4:
        if (const auto s = Json::toStep(object))
            (void)Json::fromStep(*s);
        break;
    case 5:
        if (const auto nodes = Json::toNodes(value))
            (void)Json::fromNodes(*nodes);
        break;
    case 6:
        if (const auto l = Json::toLeaveNotice(object))
            (void)Json::fromLeaveNotice(*l);
        (void)Json::toRectifyAnswer(object);
        (void)Json::toReplicateAnswer(object);
        break;
    default:
        for (const int bits : {3, 8, 64})
            (void)Json::toId(value.isObject() ? object.value(QLatin1String("id")) : value,
                             IdSpace(bits));
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    // Qt's string and JSON code needs no event loop, but some of it expects an application.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    const int which = data[0];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    switch (which % 5) {
    case 0:
        if (const auto ep = Http::parseEndpointBody(bytes); ep.ok())
            (void)ep->address();
        (void)Http::parseEndpointText(QString::fromUtf8(bytes));
        break;
    case 1:
        (void)Http::parsePeerLines(bytes);
        break;
    case 2:
        if (const auto key = Http::decodeKey(bytes); key.ok()) {
            // Round trip: an accepted key encodes back to something that decodes to itself.
            const auto again = Http::decodeKey(Http::encodeKey(*key));
            if (!again.ok() || *again != *key)
                __builtin_trap();
        }
        break;
    default:
        fuzzJson(bytes, which / 5);
        break;
    }
    return 0;
}
