// Decodes HTTP/1.1 requests with the node's RequestDecoder for the differential check against
// Node's llhttp (differential.js). Reads one case per line, base64; writes one JSON line per
// case: the complete requests decoded (method, path, body as base64) and how decoding ended.
#include "RequestDecoder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

using namespace Chord::Http;

namespace {

QJsonObject decodeCase(const QByteArray &bytes) {
    const ServerLimits limits;
    RequestDecoder decoder(limits);
    QJsonArray requests;
    QByteArrayView rest = bytes;
    for (;;) {
        qsizetype used = 0;
        const RequestDecoder::Step step = decoder.decode(rest, used);
        rest = rest.sliced(used);
        if (step == RequestDecoder::Step::Continue)
            continue;
        if (step == RequestDecoder::Step::Request) {
            const Request r = decoder.takeRequest();
            requests.append(QJsonArray{QString::fromLatin1(methodName(r.method)),
                                       QString::fromLatin1(r.path.toBase64()),
                                       QString::fromLatin1(r.body.toBase64())});
            continue;
        }
        QJsonObject o{{QStringLiteral("requests"), requests}};
        if (step == RequestDecoder::Step::Error)
            o.insert(QStringLiteral("error"), decoder.failure().status);
        else
            o.insert(QStringLiteral("pending"), !rest.isEmpty());
        return o;
    }
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QTextStream in(stdin);
    QTextStream out(stdout);
    while (!in.atEnd()) {
        const QByteArray bytes = QByteArray::fromBase64(in.readLine().toLatin1());
        out << QJsonDocument(decodeCase(bytes)).toJson(QJsonDocument::Compact) << '\n';
    }
    return 0;
}
