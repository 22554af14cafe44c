<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AppOptions</name>
    <message>
        <source>ChordLab: a live Chord ring you can see and steer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not boot a local ring on launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch the ring that host:port belongs to (no local boot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes of the ring booted on launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier bits m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port of the first node (0: free ports)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stabilize period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (en, it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select this node once the ring is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the fingers of every node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store this many sample keys once the ring is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up this key from the selected node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the log pane of this node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter text for that log pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a screenshot of the window here and quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milliseconds between the lookup and the screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow lookup animation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token for a ring started with --token (or CHORD_TOKEN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the messages between nodes once the ring is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay a saved recording instead of booting a ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the recording here before the screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the timeline&apos;s cursor this many seconds after its start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the Sequence chart in front of the logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a time range of the recording as PNG frames and an animated PNG into this folder, then quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start of the exported range, in seconds (default 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End of the exported range, in seconds (default: the end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames per second of the export, 1..25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go through this many steps of the lesson, each once it is done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the quiz once the ring is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the paper&apos;s experiments and run this figure (10, 8, 9 or 13)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play a lesson (join, fingers, crash, leave, partition, or a lesson file) instead of booting a ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once the ring is up, cut the link n1–n2 and slow the link n3→n4 (200±50 ms, 30% loss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once the ring is up, partition it along a line drawn across it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ring maintenance: zave (corrected) or original (the 2001 paper&apos;s)</source>
        <translation>Ring maintenance: zave (corrected) or original (the 2001 paper&apos;s)</translation>
    </message>
    <message>
        <source>Open the two protocols side by side and play the paper&apos;s join failure on both</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::BootDialog</name>
    <message>
        <source>Boot a local ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier bits (m):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stabilize period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The nodes running now are stopped first. Small m (6 or 8) gives ids you can check by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zave&apos;s corrected maintenance</source>
        <translation>Zave&apos;s corrected maintenance</translation>
    </message>
    <message>
        <source>The original protocol (SIGCOMM 2001)</source>
        <translation>The original protocol (SIGCOMM 2001)</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocol:</translation>
    </message>
</context>
<context>
    <name>ChordLab::CompareWindow</name>
    <message>
        <source>The two protocols side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zave&apos;s corrected Chord (--protocol zave)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chord as published in 2001 (--protocol original)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Boot both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start both rings anew, alike: the same number of nodes, ids placed by their joins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Crash in both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGKILL the node of this name in both rings at the same moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play the paper&apos;s join failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ring a, b, c with maintenance paused; j joins between b and c and runs no round; c is killed; the rounds resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>booting two rings of %n node(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a live node of both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 crashed in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the schedule is already playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting a@1000, b@20000 and c@40000 in both rings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rings of three did not settle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maintenance paused; j@30000 joins between b and c…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>j did not join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>c killed; the rounds resume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one ordered ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the same schedule — Zave: %1. Original: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare the two protocols…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zave&apos;s Chord and the 2001 paper&apos;s side by side, under the same faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draw a line across the left ring: the nodes on each side become a group, in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ause in both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGSTOP the node of this name in both rings: the others cannot tell it from a crashed one until it is resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume in both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGCONT the node of this name in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pa&amp;rtition both…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a line across the left ring: the nodes on each side are cut off from the other side, in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Heal both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove every link fault and partition in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same schedule runs on both rings. In the paper&apos;s join a joiner takes only its successor: when that successor fails before the joiner&apos;s first stabilize, the joiner keeps a dead successor for good and nobody points at it, so the ring has lost a member. Zave&apos;s join copies the successor&apos;s list, and the joiner stabilizes past the dead node. Watch the checks under each ring. Crash, pause, resume, partition and heal act on the node of that name in both rings at the same moment: play a schedule of your own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 paused (SIGSTOP) in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a paused node of both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumed (SIGCONT) in both rings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a partition needs two groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both rings partitioned: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every link healed in both rings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::ExperimentsWindow</name>
    <message>
        <source>Not started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computed in %1 s. The same table from the command line:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>½ log₂ N (the paper&apos;s mean)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the paper: failed lookups ≈ p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChordLab&apos;s lookup, no repair yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipping dead nodes, no replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipping dead nodes, %1 copies of each key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hashed ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>widest-arc ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1st percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>99th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 10: path length as a function of the number of nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per lookup (requests and answers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path length (nodes contacted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 8: keys per node as a function of the number of keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys per node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 9: keys per real node with virtual nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual nodes per real node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys per real node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 13: failed lookups after nodes fail at once, before any repair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of nodes failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of lookups failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a figure and press Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Chord paper&apos;s experiments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 10: path length vs number of nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 8: keys per node vs number of keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 9: keys per node vs virtual nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure 13: failed lookups vs failed nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Virtual nodes per node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fractions &amp;failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lookups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Successors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copies (replication on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node &amp;ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rings pooled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hop metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ring sizes, comma-separated (2^10 is allowed); figures 8, 9 and 13 use the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbers of keys, comma-separated (1e6 is allowed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fractions of the nodes that fail at once, each below 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lookups per ring size, or per fraction failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of each node&apos;s successor list (chord-node --successors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies of each key when replication is on (chord-node --replicas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Independent rings whose nodes are pooled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One seed gives one table, here and in chord-experiments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hashed (SHA-1 of the address, as in the paper)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>widest-arc (ChordLab&apos;s joiners without --id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes contacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export S&amp;VG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computed on ideal rings with ChordLab&apos;s routing step; see docs/EXPERIMENTS.md</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The paper&apos;s &amp;experiments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path length, keys per node and failed lookups as in the Chord paper, computed with ChordLab&apos;s routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of nodes N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual nodes per real node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of nodes failed at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean over all nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of keys whose owner failed (lost without replication)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of keys whose %1 copies all failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipping dead nodes: lookups that reached no live node for the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipping dead nodes: nodes contacted by a lookup that succeeded, mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipping dead nodes: timeouts met by a lookup that succeeded, mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, as a multiple of the mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (nodes contacted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (messages)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::ExportRangeDialog</name>
    <message>
        <source>Export a time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The range is empty: &quot;To&quot; must not come before &quot;From&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 frames (the most one export writes): frame-0001.png … and ring.apng.png, an animated PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 frames: frame-0001.png … and ring.apng.png, an animated PNG</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::HealthPanel</name>
    <message>
        <source>Ring invariants (live)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hops of recent lookups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ring invariants (at %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::HopHistogram</name>
    <message numerus="yes">
        <source>hops · ½ log₂ N = %1 (dashed) · mean %2 of %n lookup(s)</source>
        <translation>
            <numerusform>hops · ½ log₂ N = %1 (dashed) · mean %2 of %n lookup</numerusform>
            <numerusform>hops · ½ log₂ N = %1 (dashed) · mean %2 of %n lookups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChordLab::InspectorPanel</name>
    <message>
        <source>i</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>successor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successor list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a node on the ring or in the table.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finger table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2&lt;br&gt;id &lt;b&gt;%3&lt;/b&gt; of 2&lt;sup&gt;%4&lt;/sup&gt; · %5 · up %6 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finger table (m = %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys held: %1 primary, %2 replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reachable copy of the ids in (%1, %2]: its keys answer 503 until the nodes that held them come back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holds every acknowledged write of (%1, %2]: its arc and its predecessors&apos; as their replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vouches for no copies now (joining, taking an arc over or back from a pause): reads it owns wait until its replicas confirm them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::KeyDialog</name>
    <message>
        <source>Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>through %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any live node</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::LessonPanel</name>
    <message>
        <source>End lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Pick a lesson in the &lt;b&gt;Lessons&lt;/b&gt; menu. Each one boots a small ring, does one thing to it at a time and tells you what to look at; press &lt;b&gt;Next&lt;/b&gt; when the ring has shown it.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ring has not shown it yet: look at the logs, or go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the ring to settle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the ring: %1 (%2 of %3)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ The ring has done it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some node of the partition is not in the ring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Waiting for %n separate ring(s)…</source>
        <translation>
            <numerusform>Waiting for %n separate ring…</numerusform>
            <numerusform>Waiting for %n separate rings…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChordLab::LinkFaultDialog</name>
    <message>
        <source>Both ways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1–%2: delay and loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: only %1&apos;s messages to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay (ms):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jitter (ms, up to):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss (%):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay and jitter are whole milliseconds, 0 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss is a percentage, 0 to 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to set: give a delay, a jitter or a loss.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::LocalCluster</name>
    <message>
        <source>node %1 did not become ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::LogPane</name>
    <message>
        <source>Filter this log (text or category, e.g. chord.ring)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::LogPanel</name>
    <message>
        <source>Ring events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited (code %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::MainWindow</name>
    <message>
        <source>Booting ring: %1 of %2 nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ring is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boot failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ring to join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach to a ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address of any member (host:port):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ChordLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ChordLab %1&lt;/h3&gt;&lt;p&gt;A live Chord distributed hash table you can see and steer. Every node is a real chord-node process speaking HTTP/JSON.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChordLab — a live Chord ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Boot ring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a fresh local ring of N nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a node that joins through the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected node leaves gracefully, handing off its keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A standalone node joins the ring again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Crash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill the selected node (SIGKILL): nobody is told</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the selected node (SIGSTOP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let a paused node run again (SIGCONT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Store key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store a key and value through the selected node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read a key through the selected node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Look up key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run an iterative lookup from the selected node and animate it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete a key through the selected node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ttach to ring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch a ring that runs elsewhere, by host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kill all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop every node this app started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove dead nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the ring view as an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as S&amp;VG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the ring view as a vector drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All &amp;fingers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the finger pointers of every node, not only the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show p&amp;redecessors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Slow animation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the ring in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ChordLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&amp;anguage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ring health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 live of %2 · m = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the ring as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the ring as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopping %n node(s)…</source>
        <translation>
            <numerusform>Stopping %n node…</numerusform>
            <numerusform>Stopping %n nodes…</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause &amp;maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the periodic rounds (stabilize, fix fingers, check predecessor, replica sync) on every node; lookups and stores go on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;stabilize now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected node asks its successor for its neighbours and adopts a closer one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;rectify now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected node tells its successor about itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the next &amp;finger now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected node looks up the next finger due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check the predecessor now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected node asks its predecessor whether it is alive and still its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ync replicas now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected node compares its keys with its replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Normal speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rounds at the period the ring was booted with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow: a round every &amp;2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slower: a round every &amp;5 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Very slow: a round every &amp;30 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause rounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often every node runs its maintenance round</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · maintenance paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · a round every %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every node records the messages it sends to other nodes (stabilize, rectify, find-successor, replica sync...); each flies across the ring as a dot, and is listed under Ring events with its outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play the recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play what happened from the timeline&apos;s cursor at the chosen speed; lookups and messages fly again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the timeline&apos;s cursor to the event before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the timeline&apos;s cursor to the next event and show it happen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the ring as it is now (closes an opened recording)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the history shown on the timeline to a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a saved recording and replay it (no nodes needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChordLab recordings (*.chordlab.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live · recorded %1 events, %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 s before the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the recording to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the recording %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export a time &amp;range…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a part of the recording as numbered PNG frames and an animated PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames and an animated PNG written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export the range to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1 frames…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ChordLab lessons (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&amp;essons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open lesson file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the lesson %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quiz on the live ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Partition the ring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a line across the ring: the nodes on each side lose every link to the other side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a line across the ring with the mouse to split it (Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Heal all links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove every link fault and partition, on every node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay and loss…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut one way (%1 → %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut both ways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heal this link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · original protocol</source>
        <translation> · original protocol</translation>
    </message>
    <message>
        <source>Release unavailable keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release unavailable keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every node that held copies of the ids in (%1, %2] is away, so %3 answers 503 for those keys until one of them comes back.

Release them only if those nodes are gone for good: %3 then serves what the ring holds, and a write that only they held is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::NodeTableModel</name>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leaving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predecessor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::QuizPanel</name>
    <message>
        <source>The quiz asks about a live ring: boot one (Ring &gt; Boot ring) with two nodes or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a node first: click it on the ring or choose it above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the ring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ring did not answer (%1): try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;✓ Right.&lt;/b&gt; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;✗ Not quite: %1.&lt;/b&gt; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>click a node</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::Replay</name>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::RingController</name>
    <message>
        <source>%1 is leaving the ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left the ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not leave: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 joined the ring through %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not join: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store of “%1” failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored “%1” on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete of “%1” failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read of “%1” failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” = “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lookup of “%1” failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>“%1” (id %2) is owned by %3: %n hop(s)</source>
        <translation>
            <numerusform>“%1” (id %2) is owned by %3: %n hop</numerusform>
            <numerusform>“%1” (id %2) is owned by %3: %n hops</numerusform>
        </translation>
    </message>
    <message>
        <source>A link needs two different nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the link faults of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not set the link %1–%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1–%2 healed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1%2%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A partition needs nodes on both sides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition not set on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The ring is split into %n group(s) (%1 nodes)</source>
        <translation>
            <numerusform>The ring is split into %n group (%1 nodes)</numerusform>
            <numerusform>The ring is split into %n groups (%1 nodes)</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not heal %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Every link healed (%n node(s))</source>
        <translation>
            <numerusform>Every link healed (%n node)</numerusform>
            <numerusform>Every link healed (%n nodes)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was not started by this app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumed, but its links could not be healed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumed and its links healed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Every link healed (%n node(s)); paused nodes are healed when resumed (%1)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 resumed, but could not join the partition: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumed and placed in its group of the partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; paused nodes join it when resumed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not release: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 had no unavailable keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 serves the ids in (%2, %3] from what the ring holds; writes only the lost nodes held are gone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::RingPainter</name>
    <message>
        <source>id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key “%1” (id %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lookup of %1 from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2 did not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2 → done: owner is %3 (%4 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2 → closest preceding finger %3 (%4 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answered locally: the successor of the initiator owns it</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>owner %1 · %n hop(s) · %2 ms</source>
        <translation>
            <numerusform>owner %1 · %n hop · %2 ms</numerusform>
            <numerusform>owner %1 · %n hops · %2 ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n key</numerusform>
            <numerusform>%n keys</numerusform>
        </translation>
    </message>
    <message>
        <source>No ring yet: boot one or attach to one</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>m = %1 bits · %n key(s)</source>
        <translation>
            <numerusform>m = %1 bits · %n key</numerusform>
            <numerusform>m = %1 bits · %n keys</numerusform>
        </translation>
    </message>
    <message>
        <source>alive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leaving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable / dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>successor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predecessor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1±%2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cut one way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cut link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slow / lossy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partition group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zave&apos;s corrected protocol</source>
        <translation>Zave&apos;s corrected protocol</translation>
    </message>
    <message>
        <source>original protocol (2001 paper)</source>
        <translation>original protocol (2001 paper)</translation>
    </message>
    <message>
        <source>mixed protocols</source>
        <translation>mixed protocols</translation>
    </message>
    <message>
        <source>no copy: 503</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys without a reachable copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::RingView</name>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leaving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chord ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported from ChordLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2&lt;br&gt;id %3&lt;br&gt;%4 · primary keys %5, replicas %6%7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;pid %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::SequenceView</name>
    <message>
        <source>Last 2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 10 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much time before the timeline&apos;s cursor the chart shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every message; click an orange row to follow its operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChordLab::TimeControl</name>
    <message>
        <source>no node answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>maintenance paused on %n node(s): step it by hand</source>
        <translation>
            <numerusform>maintenance paused on %n node: step it by hand</numerusform>
            <numerusform>maintenance paused on %n nodes: step it by hand</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>maintenance resumed on %n node(s)</source>
        <translation>
            <numerusform>maintenance resumed on %n node</numerusform>
            <numerusform>maintenance resumed on %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>maintenance every %1 ms on %n node(s)</source>
        <translation>
            <numerusform>maintenance every %1 ms on %n node</numerusform>
            <numerusform>maintenance every %1 ms on %n nodes</numerusform>
        </translation>
    </message>
    <message>
        <source>select a node first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 done: successor %3, predecessor %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 done</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>messages between nodes shown: %n node(s) record them</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>messages between nodes hidden on %n node(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChordLab::TimelineWidget</name>
    <message>
        <source>%1: %2 at %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Quiz</name>
    <message>
        <source>Which node owns the key &lt;b&gt;“%1”&lt;/b&gt;? Click it on the ring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is finger &lt;b&gt;%1&lt;/b&gt; of &lt;b&gt;%2&lt;/b&gt;? Click that node on the ring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; looks up &lt;b&gt;“%2”&lt;/b&gt;. To which node does it send the first step (or, if its successor owns the key, which node is that)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; looks up &lt;b&gt;“%2”&lt;/b&gt;. How many nodes will the lookup contact after %1 itself (0 when its successor owns the key)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in the ring any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finger %1 of %2 starts at %3 + 2&lt;sup&gt;%1&lt;/sup&gt; = %4 (mod 2&lt;sup&gt;%5&lt;/sup&gt;); the first node at or after %4 is %6 (id %7), as %2&apos;s finger table says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” hashes to id %2; the first node at or after %2 is %3 (id %4): the ring&apos;s own lookup found it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id %1 of “%2” lies between %3 and its successor %4: %4 owns it and %3 answers at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sends the step to its closest finger that precedes id %2 of “%3”: %4. The whole lookup went %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The lookup went %1: %n node(s) after %2, each step at least halving the distance left to id %3.</source>
        <translation>
            <numerusform>The lookup went %1: %n node after %2, each step at least halving the distance left to id %3.</numerusform>
            <numerusform>The lookup went %1: %n nodes after %2, each step at least halving the distance left to id %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>A new node joins with id &lt;b&gt;%1&lt;/b&gt;. Which node hands it keys?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lies in %2&apos;s arc (%3, %4]: the new node takes (%3, %1] from %2, which hands it the keys with ids there: %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ring&apos;s pointers do not settle it now: try another question.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RingHealth</name>
    <message>
        <source>One ordered ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predecessor and successor agree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successor lists hold the next live nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingers point to successor(n + 2^i)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succ(%1) is %2, expected %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pred(%1) is %2, expected %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has an empty successor list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>successor %1 of %2 is %3, expected %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finger %1 of %2 is %3, expected %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no live node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 hold the same id</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
