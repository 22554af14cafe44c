#include "MetricsText.h"

namespace Chord::Http {

QByteArray metricsText(const ChordNode &node, const HttpServer &server) {
    const NodeStats &st = node.stats();
    QByteArray out;
    auto family = [&](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    auto escape = [](const QString &s) {
        return s.toUtf8().replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    };
    family("chord_http_requests_total", "counter", "HTTP requests answered, by route and status.");
    for (const auto &[route, stats] : server.routeStats()) {
        for (const auto &[status, n] : stats.byStatus)
            out += "chord_http_requests_total{route=\"" + escape(route) + "\",status=\"" +
                   QByteArray::number(status) + "\"} " + QByteArray::number(n) + '\n';
    }
    family("chord_http_request_duration_ms", "histogram", "Time to answer, by route (ms).");
    for (const auto &[route, stats] : server.routeStats()) {
        if (stats.total == 0)
            continue;
        const RouteStats::Latency &latency = stats.latency;
        quint64 cumulative = 0;
        const auto &bounds = HttpServer::latencyBounds();
        const QByteArray label = "{route=\"" + escape(route) + "\"";
        for (std::size_t i = 0; i < latency.buckets.size(); ++i) {
            cumulative += latency.buckets[i];
            const QByteArray le = i < bounds.size() ? QByteArray::number(bounds[i]) : "+Inf";
            out += "chord_http_request_duration_ms_bucket" + label + ",le=\"" + le + "\"} " +
                   QByteArray::number(cumulative) + '\n';
        }
        out += "chord_http_request_duration_ms_sum" + label + "} " +
               QByteArray::number(latency.sumMs, 'f', 3) + '\n';
        out += "chord_http_request_duration_ms_count" + label + "} " +
               QByteArray::number(cumulative) + '\n';
    }
    family("chord_lookups_total", "counter", "Iterative lookups started at this node.");
    out += "chord_lookups_total " + QByteArray::number(st.lookups) + '\n';
    family("chord_lookup_failures_total", "counter", "Lookups that found no owner.");
    out += "chord_lookup_failures_total " + QByteArray::number(st.lookupFailures) + '\n';
    family("chord_lookup_hops", "histogram", "Nodes contacted per successful lookup.");
    quint64 cumulative = 0;
    quint64 sum = 0;
    for (std::size_t i = 0; i < st.hopHistogram.size(); ++i) {
        cumulative += st.hopHistogram[i];
        sum += st.hopHistogram[i] * i;
        const QByteArray le = i + 1 < st.hopHistogram.size() ? QByteArray::number(i) : "+Inf";
        out +=
            "chord_lookup_hops_bucket{le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += "chord_lookup_hops_sum " + QByteArray::number(sum) + '\n';
    out += "chord_lookup_hops_count " + QByteArray::number(cumulative) + '\n';
    family("chord_keys", "gauge", "Live keys held, by role.");
    out += "chord_keys{role=\"primary\"} " + QByteArray::number(node.primaryCount()) + '\n';
    out += "chord_keys{role=\"replica\"} " + QByteArray::number(node.replicaCount()) + '\n';
    family("chord_stabilize_rounds_total", "counter", "Maintenance rounds run.");
    out += "chord_stabilize_rounds_total " + QByteArray::number(st.stabilizeRounds) + '\n';
    family("chord_peer_failures_total", "counter", "Calls to peers that failed.");
    out += "chord_peer_failures_total " + QByteArray::number(st.peerFailures) + '\n';
    family("chord_handoff_items_total", "counter", "Keys moved by hand-offs, by direction.");
    out += "chord_handoff_items_total{direction=\"out\"} " +
           QByteArray::number(st.handoffItemsOut) + '\n';
    out += "chord_handoff_items_total{direction=\"in\"} " + QByteArray::number(st.handoffItemsIn) +
           '\n';
    family("chord_replica_syncs_total", "counter", "Full replica syncs (digest mismatches).");
    out += "chord_replica_syncs_total " + QByteArray::number(st.replicationSyncs) + '\n';
    family("chord_owner_cache_total", "counter",
           "Reads and writes sent to a cached owner, by result (miss: routed again).");
    out +=
        "chord_owner_cache_total{result=\"hit\"} " + QByteArray::number(st.ownerCacheHits) + '\n';
    out += "chord_owner_cache_total{result=\"miss\"} " + QByteArray::number(st.ownerCacheMisses) +
           '\n';
    for (const auto &source : server.extraMetrics())
        out += source();
    return out;
}

} // namespace Chord::Http
