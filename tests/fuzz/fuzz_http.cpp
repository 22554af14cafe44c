// libFuzzer target (clang -fsanitize=fuzzer,address): the node's HTTP/1.1 framing on arbitrary
// bytes, both sides. The first byte picks the side and the size of the pieces the rest
// arrives in. Decoding must not crash, read out of bounds or loop, must consume only what it
// was given, and must come out the same whole and in pieces (TCP splits anywhere).
#include "RequestDecoder.h"
#include "ResponseParser.h"

#include <QCoreApplication>

#include <cstddef>
#include <cstdint>
#include <cstdio>

using namespace Chord::Http;

namespace {

// Each request as "method path body", then how decoding ended.
QByteArray requests(QByteArrayView bytes, qsizetype piece) {
    static const ServerLimits limits = [] {
        ServerLimits l;
        l.maxBodyBytes = 4096; // small limits reach the 413 paths
        l.maxInternalBodyBytes = 8192;
        l.maxValueBytes = 1024;
        l.maxHeaderBytes = 2048;
        return l;
    }();
    RequestDecoder decoder(limits);
    QByteArray out;
    QByteArray buffer;
    for (qsizetype fed = 0; fed < bytes.size();) {
        const qsizetype take = std::min(piece, bytes.size() - fed);
        buffer.append(bytes.sliced(fed, take));
        fed += take;
        for (;;) {
            qsizetype used = -1;
            const RequestDecoder::Step step = decoder.decode(buffer, used);
            if (used < 0 || used > buffer.size())
                __builtin_trap();
            buffer.remove(0, used);
            if (step == RequestDecoder::Step::Request) {
                const Request r = decoder.takeRequest();
                out += QByteArray::number(int(r.method)) + ' ' + r.path + ' ' + r.body + '\n';
            } else if (step == RequestDecoder::Step::Error) {
                if (decoder.failure().status < 400 || decoder.failure().status > 599)
                    __builtin_trap();
                return out + "error " + QByteArray::number(decoder.failure().status);
            } else if (step == RequestDecoder::Step::NeedMore) {
                break;
            }
        }
    }
    return out + "need more";
}

QByteArray response(QByteArrayView bytes, qsizetype piece, bool head) {
    ResponseParser parser(8192);
    parser.setHeadRequest(head);
    QByteArray buffer;
    ResponseParser::State state = ResponseParser::State::Incomplete;
    for (qsizetype fed = 0; fed < bytes.size() && state == ResponseParser::State::Incomplete;) {
        const qsizetype take = std::min(piece, bytes.size() - fed);
        buffer.append(bytes.sliced(fed, take));
        fed += take;
        state = parser.feed(buffer);
    }
    if (state == ResponseParser::State::Incomplete)
        state = parser.finish();
    if (state == ResponseParser::State::Complete)
        return QByteArray::number(parser.status()) + ' ' + parser.takeBody();
    // Failed for the same input whatever the split, though the first check to fail may differ.
    return state == ResponseParser::State::Failed ? "failed" : "incomplete";
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    const int pick = data[0];
    const QByteArrayView bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype piece = 1 + (pick >> 2);
    const bool requestSide = (pick & 3) < 2;
    const bool head = (pick & 3) == 3;
    const QByteArray whole =
        requestSide ? requests(bytes, bytes.size() + 1) : response(bytes, bytes.size() + 1, head);
    const QByteArray pieces = requestSide ? requests(bytes, piece) : response(bytes, piece, head);
    if (whole != pieces) {
        fprintf(stderr, "whole:\n%s\nin pieces of %lld:\n%s\n", whole.constData(),
                static_cast<long long>(piece), pieces.constData());
        __builtin_trap();
    }
    return 0;
}
