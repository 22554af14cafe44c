#pragma once

#include "HttpPeerClient.h"
#include "NodeProcess.h"
#include "RingSurvey.h"

#include <QJsonDocument>
#include <QList>
#include <QNetworkAccessManager>

#include <memory>
#include <optional>

// A ring of real chord-node processes on loopback for one test: started with port 0, joined
// through the first node, stopped (by pid, never by name) when the fixture goes away.
class LocalRing {
public:
    explicit LocalRing(int bits = 64, int stabilizeMs = 150, int replicas = 3);
    // Every node started afterwards gets --token (and the fixture's client sends it).
    void setToken(const QString &token, bool guardReads = false);
    ~LocalRing();

    // Starts a node (joining through `via` when given) and waits until it serves requests.
    Chord::NodeProcess *start(const QString &name, Chord::NodeProcess *via = nullptr,
                              std::optional<quint64> id = std::nullopt, quint16 port = 0,
                              const QStringList &extraArguments = {});
    bool startRing(int count);
    QList<Chord::NodeProcess *> running() const;
    Chord::NodeProcess *node(int i) const { return m_nodes.value(i).get(); }
    // Removes a node from the fixture after it was crashed (or to stop tracking it).
    void crash(Chord::NodeProcess *node);

    Chord::PeerResult<QJsonDocument> call(const QByteArray &method, Chord::NodeProcess *node,
                                          const QByteArray &path, const QByteArray &body = {},
                                          const QByteArray &contentType = "application/json");
    // The raw HTTP reply (status, headers, body), for contract checks beyond JSON.
    struct Raw {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray header(const QByteArray &name) const;
    };
    Raw raw(const QByteArray &method, Chord::NodeProcess *node, const QByteArray &path,
            const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});

    Chord::RingSurvey survey(Chord::NodeProcess *via = nullptr);
    // Waits until the ring passes every check (one ordered ring of `members`, pointers,
    // successor lists, fingers, keys on owner + replicas). Returns the last problems.
    // via: the node the survey starts from (default: the first running one).
    QStringList waitQuiet(int members, int timeoutMs = 30000, bool checkKeys = true,
                          Chord::NodeProcess *via = nullptr);

    Chord::NodeRef ref(Chord::NodeProcess *node) const;
    Chord::Http::HttpPeerClient &client() { return m_client; }

private:
    static void keepLog(Chord::NodeProcess *node);

    int m_bits;
    int m_stabilizeMs;
    int m_replicas;
    QString m_token;
    bool m_guardReads = false;
    std::vector<std::unique_ptr<Chord::NodeProcess>> m_owned;
    QList<std::shared_ptr<Chord::NodeProcess>> m_nodes;
    Chord::Http::HttpPeerClient m_client;
    // raw(): requests as an outside client sends them (any method, headers, status).
    QNetworkAccessManager m_network;
};
