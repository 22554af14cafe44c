#include "HeaderFields.h"

#include <algorithm>

namespace Chord::Http {

QList<QByteArrayView> headerTokens(QByteArrayView value) {
    QList<QByteArrayView> tokens;
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView element = (comma < 0 ? value : value.first(comma)).trimmed();
        if (!element.isEmpty())
            tokens.append(element);
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return tokens;
}

bool hasHeaderToken(QByteArrayView value, QByteArrayView token) {
    const QList<QByteArrayView> tokens = headerTokens(value);
    return std::any_of(tokens.begin(), tokens.end(), [token](QByteArrayView t) {
        return t.compare(token, Qt::CaseInsensitive) == 0;
    });
}

TransferCoding transferCoding(QByteArrayView transferEncoding) {
    const QList<QByteArrayView> codings = headerTokens(transferEncoding);
    auto isChunked = [](QByteArrayView c) {
        return c.compare("chunked", Qt::CaseInsensitive) == 0;
    };
    if (codings.isEmpty() || !isChunked(codings.last()) ||
        std::any_of(codings.begin(), codings.end() - 1, isChunked))
        return TransferCoding::Malformed;
    return codings.size() == 1 ? TransferCoding::Chunked : TransferCoding::Unsupported;
}

} // namespace Chord::Http
