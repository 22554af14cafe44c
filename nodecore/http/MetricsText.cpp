#include "MetricsText.h"

namespace Chord::Http {

namespace {
// Prometheus text exposition: families with their help and type, samples with labels.
class Writer {
public:
    void family(const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    // labels: already formatted ("{route=\"/db\"}"), or empty.
    void sample(const QByteArray &name, const QByteArray &labels, const QByteArray &value) {
        out += name + labels + ' ' + value + '\n';
    }
    void sample(const QByteArray &name, const QByteArray &labels, quint64 value) {
        sample(name, labels, QByteArray::number(value));
    }
    static QByteArray escape(const QString &s) {
        return s.toUtf8().replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    }
    QByteArray out;
};

void httpMetrics(Writer &w, const HttpServer &server) {
    w.family("chord_http_requests_total", "counter",
             "HTTP requests answered, by route and status.");
    for (const auto &[route, stats] : server.routeStats()) {
        for (const auto &[status, n] : stats.byStatus)
            w.sample("chord_http_requests_total",
                     "{route=\"" + Writer::escape(route) + "\",status=\"" +
                         QByteArray::number(status) + "\"}",
                     n);
    }
    w.family("chord_http_request_duration_ms", "histogram", "Time to answer, by route (ms).");
    const auto &bounds = HttpServer::latencyBounds();
    for (const auto &[route, stats] : server.routeStats()) {
        if (stats.total == 0)
            continue;
        const RouteStats::Latency &latency = stats.latency;
        quint64 cumulative = 0;
        const QByteArray label = "{route=\"" + Writer::escape(route) + "\"";
        for (std::size_t i = 0; i < latency.buckets.size(); ++i) {
            cumulative += latency.buckets[i];
            const QByteArray le = i < bounds.size() ? QByteArray::number(bounds[i]) : "+Inf";
            w.sample("chord_http_request_duration_ms_bucket", label + ",le=\"" + le + "\"}",
                     cumulative);
        }
        w.sample("chord_http_request_duration_ms_sum", label + '}',
                 QByteArray::number(latency.sumMs, 'f', 3));
        w.sample("chord_http_request_duration_ms_count", label + '}', cumulative);
    }
}

void lookupMetrics(Writer &w, const NodeStats &st) {
    w.family("chord_lookups_total", "counter", "Iterative lookups started at this node.");
    w.sample("chord_lookups_total", {}, st.lookups);
    w.family("chord_lookup_failures_total", "counter", "Lookups that found no owner.");
    w.sample("chord_lookup_failures_total", {}, st.lookupFailures);
    w.family("chord_lookup_hops", "histogram", "Nodes contacted per successful lookup.");
    quint64 cumulative = 0;
    quint64 sum = 0;
    for (std::size_t i = 0; i < st.hopHistogram.size(); ++i) {
        cumulative += st.hopHistogram[i];
        sum += st.hopHistogram[i] * i;
        const QByteArray le = i + 1 < st.hopHistogram.size() ? QByteArray::number(i) : "+Inf";
        w.sample("chord_lookup_hops_bucket", "{le=\"" + le + "\"}", cumulative);
    }
    w.sample("chord_lookup_hops_sum", {}, sum);
    w.sample("chord_lookup_hops_count", {}, cumulative);
}

void storeMetrics(Writer &w, const ChordNode &node, const NodeStats &st) {
    w.family("chord_keys", "gauge", "Live keys held, by role.");
    w.sample("chord_keys", "{role=\"primary\"}", quint64(node.primaryCount()));
    w.sample("chord_keys", "{role=\"replica\"}", quint64(node.replicaCount()));
    w.family("chord_stabilize_rounds_total", "counter", "Maintenance rounds run.");
    w.sample("chord_stabilize_rounds_total", {}, st.stabilizeRounds);
    w.family("chord_peer_failures_total", "counter", "Calls to peers that failed.");
    w.sample("chord_peer_failures_total", {}, st.peerFailures);
    w.family("chord_handoff_items_total", "counter", "Keys moved by hand-offs, by direction.");
    w.sample("chord_handoff_items_total", "{direction=\"out\"}", st.handoffItemsOut);
    w.sample("chord_handoff_items_total", "{direction=\"in\"}", st.handoffItemsIn);
    w.family("chord_replica_syncs_total", "counter", "Full replica syncs (digest mismatches).");
    w.sample("chord_replica_syncs_total", {}, st.replicationSyncs);
    w.family("chord_owner_cache_total", "counter",
             "Reads and writes sent to a cached owner, by result (miss: routed again).");
    w.sample("chord_owner_cache_total", "{result=\"hit\"}", st.ownerCacheHits);
    w.sample("chord_owner_cache_total", "{result=\"miss\"}", st.ownerCacheMisses);
}
} // namespace

QByteArray metricsText(const ChordNode &node, const HttpServer &server) {
    Writer w;
    httpMetrics(w, server);
    lookupMetrics(w, node.stats());
    storeMetrics(w, node, node.stats());
    for (const auto &source : server.extraMetrics())
        w.out += source();
    return w.out;
}

} // namespace Chord::Http
