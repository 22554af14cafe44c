<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT">
<context>
    <name>AppOptions</name>
    <message>
        <source>ChordLab: a live Chord ring you can see and steer</source>
        <translation>ChordLab: un anello Chord dal vivo da osservare e guidare</translation>
    </message>
    <message>
        <source>Do not boot a local ring on launch</source>
        <translation>Non avviare un anello locale all&apos;apertura</translation>
    </message>
    <message>
        <source>Watch the ring that host:port belongs to (no local boot)</source>
        <translation>Osserva l&apos;anello a cui appartiene host:porta (nessun avvio locale)</translation>
    </message>
    <message>
        <source>Nodes of the ring booted on launch</source>
        <translation>Nodi dell&apos;anello avviato all&apos;apertura</translation>
    </message>
    <message>
        <source>Identifier bits m</source>
        <translation>Bit degli identificatori m</translation>
    </message>
    <message>
        <source>Port of the first node (0: free ports)</source>
        <translation>Porta del primo nodo (0: porte libere)</translation>
    </message>
    <message>
        <source>Replication factor</source>
        <translation>Fattore di replica</translation>
    </message>
    <message>
        <source>Stabilize period</source>
        <translation>Periodo di stabilizzazione</translation>
    </message>
    <message>
        <source>Language (en, it)</source>
        <translation>Lingua (en, it)</translation>
    </message>
    <message>
        <source>Select this node once the ring is up</source>
        <translation>Seleziona questo nodo quando l&apos;anello è attivo</translation>
    </message>
    <message>
        <source>Show the fingers of every node</source>
        <translation>Mostra i finger di ogni nodo</translation>
    </message>
    <message>
        <source>Store this many sample keys once the ring is up</source>
        <translation>Memorizza questo numero di chiavi di esempio quando l&apos;anello è attivo</translation>
    </message>
    <message>
        <source>Look up this key from the selected node</source>
        <translation>Cerca questa chiave dal nodo selezionato</translation>
    </message>
    <message>
        <source>Show the log pane of this node</source>
        <translation>Mostra il pannello di log di questo nodo</translation>
    </message>
    <message>
        <source>Filter text for that log pane</source>
        <translation>Testo del filtro per quel pannello di log</translation>
    </message>
    <message>
        <source>Save a screenshot of the window here and quit</source>
        <translation>Salva qui un&apos;istantanea della finestra ed esci</translation>
    </message>
    <message>
        <source>Milliseconds between the lookup and the screenshot</source>
        <translation>Millisecondi tra la ricerca e l&apos;istantanea</translation>
    </message>
    <message>
        <source>Window size</source>
        <translation>Dimensione della finestra</translation>
    </message>
    <message>
        <source>Slow lookup animation</source>
        <translation>Animazione della ricerca rallentata</translation>
    </message>
    <message>
        <source>Bearer token for a ring started with --token (or CHORD_TOKEN)</source>
        <translation>Token Bearer per un anello avviato con --token (o CHORD_TOKEN)</translation>
    </message>
    <message>
        <source>Show the messages between nodes once the ring is up</source>
        <translation>Mostra i messaggi tra i nodi quando l&apos;anello è pronto</translation>
    </message>
    <message>
        <source>Replay a saved recording instead of booting a ring</source>
        <translation>Riproduci una registrazione salvata invece di avviare un anello</translation>
    </message>
    <message>
        <source>Save the recording here before the screenshot</source>
        <translation>Salva qui la registrazione prima dello screenshot</translation>
    </message>
    <message>
        <source>Move the timeline&apos;s cursor this many seconds after its start</source>
        <translation>Sposta il cursore della linea del tempo a questi secondi dall&apos;inizio</translation>
    </message>
    <message>
        <source>Show the Sequence chart in front of the logs</source>
        <translation>Mostra il diagramma di sequenza davanti ai log</translation>
    </message>
    <message>
        <source>Write a time range of the recording as PNG frames and an animated PNG into this folder, then quit</source>
        <translation>Scrive un intervallo di tempo della registrazione come fotogrammi PNG e un PNG animato in questa cartella, poi esce</translation>
    </message>
    <message>
        <source>Start of the exported range, in seconds (default 0)</source>
        <translation>Inizio dell&apos;intervallo esportato, in secondi (predefinito 0)</translation>
    </message>
    <message>
        <source>End of the exported range, in seconds (default: the end)</source>
        <translation>Fine dell&apos;intervallo esportato, in secondi (predefinito: la fine)</translation>
    </message>
    <message>
        <source>Frames per second of the export, 1..25</source>
        <translation>Fotogrammi al secondo dell&apos;esportazione, 1..25</translation>
    </message>
    <message>
        <source>Go through this many steps of the lesson, each once it is done</source>
        <translation>Percorre questo numero di passi della lezione, ciascuno quando è compiuto</translation>
    </message>
    <message>
        <source>Open the quiz once the ring is up</source>
        <translation>Apre il quiz quando l&apos;anello è pronto</translation>
    </message>
    <message>
        <source>Open the paper&apos;s experiments and run this figure (10, 8, 9 or 13)</source>
        <translation>Apre gli esperimenti dell&apos;articolo ed esegue questa figura (10, 8, 9 o 13)</translation>
    </message>
    <message>
        <source>Play a lesson (join, fingers, crash, leave, partition, or a lesson file) instead of booting a ring</source>
        <translation>Esegue una lezione (join, fingers, crash, leave, partition, o un file di lezione) invece di avviare un anello</translation>
    </message>
    <message>
        <source>Once the ring is up, cut the link n1–n2 and slow the link n3→n4 (200±50 ms, 30% loss)</source>
        <translation>Ad anello avviato, taglia il collegamento n1–n2 e rallenta il collegamento n3→n4 (200±50 ms, 30% di perdita)</translation>
    </message>
    <message>
        <source>Once the ring is up, partition it along a line drawn across it</source>
        <translation>Ad anello avviato, lo partiziona lungo una linea tracciata attraverso di esso</translation>
    </message>
    <message>
        <source>Ring maintenance: zave (corrected) or original (the 2001 paper&apos;s)</source>
        <translation>Manutenzione dell&apos;anello: zave (corretta) o original (quella dell&apos;articolo del 2001)</translation>
    </message>
    <message>
        <source>Open the two protocols side by side and play the paper&apos;s join failure on both</source>
        <translation>Apre i due protocolli affiancati e riproduce su entrambi il guasto del join dell&apos;articolo</translation>
    </message>
</context>
<context>
    <name>ChordLab::BootDialog</name>
    <message>
        <source>Boot a local ring</source>
        <translation>Avvia un anello locale</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>qualsiasi porta libera</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Nodi:</translation>
    </message>
    <message>
        <source>First port:</source>
        <translation>Prima porta:</translation>
    </message>
    <message>
        <source>Identifier bits (m):</source>
        <translation>Bit degli identificatori (m):</translation>
    </message>
    <message>
        <source>Replicas:</source>
        <translation>Repliche:</translation>
    </message>
    <message>
        <source>Stabilize period:</source>
        <translation>Periodo di stabilizzazione:</translation>
    </message>
    <message>
        <source>The nodes running now are stopped first. Small m (6 or 8) gives ids you can check by hand.</source>
        <translation>Prima vengono fermati i nodi in esecuzione. Con m piccolo (6 o 8) gli id si controllano a mano.</translation>
    </message>
    <message>
        <source>Zave&apos;s corrected maintenance</source>
        <translation>Manutenzione corretta di Zave</translation>
    </message>
    <message>
        <source>The original protocol (SIGCOMM 2001)</source>
        <translation>Il protocollo originale (SIGCOMM 2001)</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocollo:</translation>
    </message>
</context>
<context>
    <name>ChordLab::CompareWindow</name>
    <message>
        <source>The two protocols side by side</source>
        <translation>I due protocolli affiancati</translation>
    </message>
    <message>
        <source>Zave&apos;s corrected Chord (--protocol zave)</source>
        <translation>Chord corretto da Zave (--protocol zave)</translation>
    </message>
    <message>
        <source>Chord as published in 2001 (--protocol original)</source>
        <translation>Chord come pubblicato nel 2001 (--protocol original)</translation>
    </message>
    <message>
        <source> nodes</source>
        <translation> nodi</translation>
    </message>
    <message>
        <source>&amp;Boot both</source>
        <translation>&amp;Avvia entrambi</translation>
    </message>
    <message>
        <source>Start both rings anew, alike: the same number of nodes, ids placed by their joins</source>
        <translation>Avvia di nuovo entrambi gli anelli, uguali: lo stesso numero di nodi, id scelti dai loro join</translation>
    </message>
    <message>
        <source>&amp;Crash in both</source>
        <translation>&amp;Fai cadere in entrambi</translation>
    </message>
    <message>
        <source>SIGKILL the node of this name in both rings at the same moment</source>
        <translation>SIGKILL al nodo con questo nome in entrambi gli anelli nello stesso istante</translation>
    </message>
    <message>
        <source>&amp;Play the paper&apos;s join failure</source>
        <translation>&amp;Riproduci il guasto del join dell&apos;articolo</translation>
    </message>
    <message>
        <source>A ring a, b, c with maintenance paused; j joins between b and c and runs no round; c is killed; the rounds resume</source>
        <translation>Un anello a, b, c con la manutenzione in pausa; j entra tra b e c e non esegue alcun giro; c viene ucciso; i giri riprendono</translation>
    </message>
    <message numerus="yes">
        <source>booting two rings of %n node(s)</source>
        <translation>
            <numerusform>avvio di due anelli di %n nodo</numerusform>
            <numerusform>avvio di due anelli di %n nodi</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a live node of both rings</source>
        <translation>%1 non è un nodo vivo di entrambi gli anelli</translation>
    </message>
    <message>
        <source>%1 crashed in both rings</source>
        <translation>%1 caduto in entrambi gli anelli</translation>
    </message>
    <message>
        <source>the schedule is already playing</source>
        <translation>lo scenario è già in corso</translation>
    </message>
    <message>
        <source>starting a@1000, b@20000 and c@40000 in both rings…</source>
        <translation>avvio di a@1000, b@20000 e c@40000 in entrambi gli anelli…</translation>
    </message>
    <message>
        <source>the rings of three did not settle</source>
        <translation>gli anelli di tre nodi non si sono assestati</translation>
    </message>
    <message>
        <source>maintenance paused; j@30000 joins between b and c…</source>
        <translation>manutenzione in pausa; j@30000 entra tra b e c…</translation>
    </message>
    <message>
        <source>j did not join</source>
        <translation>j non è entrato</translation>
    </message>
    <message>
        <source>c killed; the rounds resume…</source>
        <translation>c ucciso; i giri riprendono…</translation>
    </message>
    <message>
        <source>one ordered ring</source>
        <translation>un solo anello ordinato</translation>
    </message>
    <message>
        <source>not settled</source>
        <translation>non assestato</translation>
    </message>
    <message>
        <source>After the same schedule — Zave: %1. Original: %2.</source>
        <translation>Dopo lo stesso scenario — Zave: %1. Originale: %2.</translation>
    </message>
    <message>
        <source>&amp;Compare the two protocols…</source>
        <translation>&amp;Confronta i due protocolli…</translation>
    </message>
    <message>
        <source>Zave&apos;s Chord and the 2001 paper&apos;s side by side, under the same faults</source>
        <translation>Il Chord di Zave e quello dell&apos;articolo del 2001 affiancati, con gli stessi guasti</translation>
    </message>
    <message>
        <source>draw a line across the left ring: the nodes on each side become a group, in both rings</source>
        <translation>traccia una linea attraverso l&apos;anello di sinistra: i nodi di ciascun lato diventano un gruppo, in entrambi gli anelli</translation>
    </message>
    <message>
        <source>P&amp;ause in both</source>
        <translation>Sosp&amp;endi in entrambi</translation>
    </message>
    <message>
        <source>SIGSTOP the node of this name in both rings: the others cannot tell it from a crashed one until it is resumed</source>
        <translation>SIGSTOP al nodo con questo nome in entrambi gli anelli: gli altri non lo distinguono da un nodo caduto finché non riprende</translation>
    </message>
    <message>
        <source>&amp;Resume in both</source>
        <translation>&amp;Riprendi in entrambi</translation>
    </message>
    <message>
        <source>SIGCONT the node of this name in both rings</source>
        <translation>SIGCONT al nodo con questo nome in entrambi gli anelli</translation>
    </message>
    <message>
        <source>Pa&amp;rtition both…</source>
        <translation>&amp;Partiziona entrambi…</translation>
    </message>
    <message>
        <source>Draw a line across the left ring: the nodes on each side are cut off from the other side, in both rings</source>
        <translation>Traccia una linea attraverso l&apos;anello di sinistra: i nodi di ciascun lato restano isolati dall&apos;altro lato, in entrambi gli anelli</translation>
    </message>
    <message>
        <source>&amp;Heal both</source>
        <translation>Ri&amp;para entrambi</translation>
    </message>
    <message>
        <source>Remove every link fault and partition in both rings</source>
        <translation>Rimuove ogni guasto di collegamento e ogni partizione in entrambi gli anelli</translation>
    </message>
    <message>
        <source>The same schedule runs on both rings. In the paper&apos;s join a joiner takes only its successor: when that successor fails before the joiner&apos;s first stabilize, the joiner keeps a dead successor for good and nobody points at it, so the ring has lost a member. Zave&apos;s join copies the successor&apos;s list, and the joiner stabilizes past the dead node. Watch the checks under each ring. Crash, pause, resume, partition and heal act on the node of that name in both rings at the same moment: play a schedule of your own.</source>
        <translation>La stessa sequenza viene eseguita su entrambi gli anelli. Nel join dell&apos;articolo chi entra prende solo il proprio successore: se quel successore cade prima della prima stabilize del nuovo nodo, questo tiene per sempre un successore morto e nessuno punta a lui, così l&apos;anello perde un membro. Il join di Zave copia la lista dei successori, e il nuovo nodo stabilizza oltre il nodo morto. Osserva i controlli sotto ciascun anello. Caduta, sospensione, ripresa, partizione e riparazione agiscono sul nodo con quel nome in entrambi gli anelli nello stesso istante: esegui una sequenza tua.</translation>
    </message>
    <message>
        <source>%1 paused (SIGSTOP) in both rings</source>
        <translation>%1 sospeso (SIGSTOP) in entrambi gli anelli</translation>
    </message>
    <message>
        <source>%1 is not a paused node of both rings</source>
        <translation>%1 non è un nodo sospeso di entrambi gli anelli</translation>
    </message>
    <message>
        <source>%1 resumed (SIGCONT) in both rings</source>
        <translation>%1 ripreso (SIGCONT) in entrambi gli anelli</translation>
    </message>
    <message>
        <source>a partition needs two groups</source>
        <translation>una partizione richiede due gruppi</translation>
    </message>
    <message>
        <source>both rings partitioned: %1</source>
        <translation>entrambi gli anelli partizionati: %1</translation>
    </message>
    <message>
        <source>every link healed in both rings</source>
        <translation>ogni collegamento riparato in entrambi gli anelli</translation>
    </message>
</context>
<context>
    <name>ChordLab::ExperimentsWindow</name>
    <message>
        <source>Not started: %1</source>
        <translation>Non avviato: %1</translation>
    </message>
    <message>
        <source>Computed in %1 s. The same table from the command line:
%2</source>
        <translation>Calcolato in %1 s. La stessa tabella dalla riga di comando:
%2</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calcolo in corso…</translation>
    </message>
    <message>
        <source>½ log₂ N (the paper&apos;s mean)</source>
        <translation>½ log₂ N (la media dell&apos;articolo)</translation>
    </message>
    <message>
        <source>the paper: failed lookups ≈ p</source>
        <translation>l&apos;articolo: lookup falliti ≈ p</translation>
    </message>
    <message>
        <source>ChordLab&apos;s lookup, no repair yet</source>
        <translation>lookup di ChordLab, prima di ogni riparazione</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>media</translation>
    </message>
    <message>
        <source>skipping dead nodes, no replication</source>
        <translation>saltando i nodi morti, senza repliche</translation>
    </message>
    <message>
        <source>skipping dead nodes, %1 copies of each key</source>
        <translation>saltando i nodi morti, %1 copie di ogni chiave</translation>
    </message>
    <message>
        <source>hashed ids</source>
        <translation>id da hash</translation>
    </message>
    <message>
        <source>widest-arc ids</source>
        <translation>id nell&apos;arco più ampio</translation>
    </message>
    <message>
        <source>virtual nodes</source>
        <translation>nodi virtuali</translation>
    </message>
    <message>
        <source>1st percentile</source>
        <translation>1° percentile</translation>
    </message>
    <message>
        <source>99th percentile</source>
        <translation>99° percentile</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>massimo</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Figure 10: path length as a function of the number of nodes</source>
        <translation>Figura 10: lunghezza dei percorsi in funzione del numero di nodi</translation>
    </message>
    <message>
        <source>Number of nodes</source>
        <translation>Numero di nodi</translation>
    </message>
    <message>
        <source>Messages per lookup (requests and answers)</source>
        <translation>Messaggi per lookup (richieste e risposte)</translation>
    </message>
    <message>
        <source>Path length (nodes contacted)</source>
        <translation>Lunghezza del percorso (nodi contattati)</translation>
    </message>
    <message>
        <source>Figure 8: keys per node as a function of the number of keys</source>
        <translation>Figura 8: chiavi per nodo in funzione del numero di chiavi</translation>
    </message>
    <message>
        <source>Number of keys</source>
        <translation>Numero di chiavi</translation>
    </message>
    <message>
        <source>Keys per node</source>
        <translation>Chiavi per nodo</translation>
    </message>
    <message>
        <source>Figure 9: keys per real node with virtual nodes</source>
        <translation>Figura 9: chiavi per nodo reale con nodi virtuali</translation>
    </message>
    <message>
        <source>Virtual nodes per real node</source>
        <translation>Nodi virtuali per nodo reale</translation>
    </message>
    <message>
        <source>Keys per real node</source>
        <translation>Chiavi per nodo reale</translation>
    </message>
    <message>
        <source>Figure 13: failed lookups after nodes fail at once, before any repair</source>
        <translation>Figura 13: lookup falliti dopo un guasto simultaneo di nodi, prima di ogni riparazione</translation>
    </message>
    <message>
        <source>Fraction of nodes failed</source>
        <translation>Frazione di nodi guasti</translation>
    </message>
    <message>
        <source>Fraction of lookups failed</source>
        <translation>Frazione di lookup falliti</translation>
    </message>
    <message>
        <source>Choose a figure and press Run</source>
        <translation>Scegli una figura e premi Esegui</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>Impossibile scrivere %1</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Immagini PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>Disegni SVG (*.svg)</translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation>Tabelle CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Esporta</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Salvato %1</translation>
    </message>
    <message>
        <source>The Chord paper&apos;s experiments</source>
        <translation>Gli esperimenti dell&apos;articolo di Chord</translation>
    </message>
    <message>
        <source>Figure 10: path length vs number of nodes</source>
        <translation>Figura 10: lunghezza dei percorsi e numero di nodi</translation>
    </message>
    <message>
        <source>Figure 8: keys per node vs number of keys</source>
        <translation>Figura 8: chiavi per nodo e numero di chiavi</translation>
    </message>
    <message>
        <source>Figure 9: keys per node vs virtual nodes</source>
        <translation>Figura 9: chiavi per nodo e nodi virtuali</translation>
    </message>
    <message>
        <source>Figure 13: failed lookups vs failed nodes</source>
        <translation>Figura 13: lookup falliti e nodi guasti</translation>
    </message>
    <message>
        <source>&amp;Figure</source>
        <translation>&amp;Figura</translation>
    </message>
    <message>
        <source>&amp;Nodes</source>
        <translation>&amp;Nodi</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation>&amp;Chiavi</translation>
    </message>
    <message>
        <source>&amp;Virtual nodes per node</source>
        <translation>Nodi &amp;virtuali per nodo</translation>
    </message>
    <message>
        <source>Fractions &amp;failed</source>
        <translation>Frazioni &amp;guaste</translation>
    </message>
    <message>
        <source>&amp;Lookups</source>
        <translation>&amp;Lookup</translation>
    </message>
    <message>
        <source>&amp;Successors</source>
        <translation>&amp;Successori</translation>
    </message>
    <message>
        <source>&amp;Copies (replication on)</source>
        <translation>C&amp;opie (con repliche)</translation>
    </message>
    <message>
        <source>Node &amp;ids</source>
        <translation>&amp;Id dei nodi</translation>
    </message>
    <message>
        <source>&amp;Rings pooled</source>
        <translation>&amp;Anelli aggregati</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>S&amp;eme</translation>
    </message>
    <message>
        <source>&amp;Hop metric</source>
        <translation>&amp;Misura dei salti</translation>
    </message>
    <message>
        <source>Ring sizes, comma-separated (2^10 is allowed); figures 8, 9 and 13 use the first</source>
        <translation>Dimensioni dell&apos;anello, separate da virgole (si può scrivere 2^10); le figure 8, 9 e 13 usano la prima</translation>
    </message>
    <message>
        <source>Numbers of keys, comma-separated (1e6 is allowed)</source>
        <translation>Numeri di chiavi, separati da virgole (si può scrivere 1e6)</translation>
    </message>
    <message>
        <source>Fractions of the nodes that fail at once, each below 1</source>
        <translation>Frazioni dei nodi che si guastano insieme, ciascuna minore di 1</translation>
    </message>
    <message>
        <source>Lookups per ring size, or per fraction failed</source>
        <translation>Lookup per dimensione dell&apos;anello, o per frazione guasta</translation>
    </message>
    <message>
        <source>Length of each node&apos;s successor list (chord-node --successors)</source>
        <translation>Lunghezza della lista dei successori di ogni nodo (chord-node --successors)</translation>
    </message>
    <message>
        <source>Copies of each key when replication is on (chord-node --replicas)</source>
        <translation>Copie di ogni chiave con le repliche attive (chord-node --replicas)</translation>
    </message>
    <message>
        <source>Independent rings whose nodes are pooled</source>
        <translation>Anelli indipendenti i cui nodi sono aggregati</translation>
    </message>
    <message>
        <source>One seed gives one table, here and in chord-experiments</source>
        <translation>Un seme dà una sola tabella, qui e in chord-experiments</translation>
    </message>
    <message>
        <source>hashed (SHA-1 of the address, as in the paper)</source>
        <translation>da hash (SHA-1 dell&apos;indirizzo, come nell&apos;articolo)</translation>
    </message>
    <message>
        <source>widest-arc (ChordLab&apos;s joiners without --id)</source>
        <translation>arco più ampio (i nodi di ChordLab che entrano senza --id)</translation>
    </message>
    <message>
        <source>Nodes contacted</source>
        <translation>Nodi contattati</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messaggi</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Esegui</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Ferma</translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation>Esporta &amp;PNG…</translation>
    </message>
    <message>
        <source>Export S&amp;VG…</source>
        <translation>Esporta S&amp;VG…</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Esporta &amp;CSV…</translation>
    </message>
    <message>
        <source>Computed on ideal rings with ChordLab&apos;s routing step; see docs/EXPERIMENTS.md</source>
        <translation>Calcolato su anelli ideali con il passo di instradamento di ChordLab; vedi docs/EXPERIMENTS.md</translation>
    </message>
    <message>
        <source>The paper&apos;s &amp;experiments…</source>
        <translation>Gli &amp;esperimenti dell&apos;articolo…</translation>
    </message>
    <message>
        <source>Path length, keys per node and failed lookups as in the Chord paper, computed with ChordLab&apos;s routing</source>
        <translation>Lunghezza dei percorsi, chiavi per nodo e lookup falliti come nell&apos;articolo di Chord, calcolati con l&apos;instradamento di ChordLab</translation>
    </message>
    <message>
        <source>number of nodes N</source>
        <translation>numero di nodi N</translation>
    </message>
    <message>
        <source>number of keys</source>
        <translation>numero di chiavi</translation>
    </message>
    <message>
        <source>virtual nodes per real node</source>
        <translation>nodi virtuali per nodo reale</translation>
    </message>
    <message>
        <source>fraction of nodes failed at once</source>
        <translation>frazione di nodi caduti insieme</translation>
    </message>
    <message>
        <source>mean over all nodes</source>
        <translation>media su tutti i nodi</translation>
    </message>
    <message>
        <source>share of keys whose owner failed (lost without replication)</source>
        <translation>quota di chiavi il cui proprietario è caduto (perse senza replica)</translation>
    </message>
    <message>
        <source>share of keys whose %1 copies all failed</source>
        <translation>quota di chiavi le cui %1 copie sono tutte cadute</translation>
    </message>
    <message>
        <source>skipping dead nodes: lookups that reached no live node for the key</source>
        <translation>saltando i nodi morti: ricerche che non hanno raggiunto alcun nodo vivo per la chiave</translation>
    </message>
    <message>
        <source>skipping dead nodes: nodes contacted by a lookup that succeeded, mean</source>
        <translation>saltando i nodi morti: nodi contattati da una ricerca riuscita, media</translation>
    </message>
    <message>
        <source>skipping dead nodes: timeouts met by a lookup that succeeded, mean</source>
        <translation>saltando i nodi morti: timeout incontrati da una ricerca riuscita, media</translation>
    </message>
    <message>
        <source>%1, as a multiple of the mean</source>
        <translation>%1, come multiplo della media</translation>
    </message>
    <message>
        <source>%1 (nodes contacted)</source>
        <translation>%1 (nodi contattati)</translation>
    </message>
    <message>
        <source>%1 (messages)</source>
        <translation>%1 (messaggi)</translation>
    </message>
</context>
<context>
    <name>ChordLab::ExportRangeDialog</name>
    <message>
        <source>Export a time range</source>
        <translation>Esporta un intervallo di tempo</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> fotogrammi/s</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Sfoglia…</translation>
    </message>
    <message>
        <source>Folder for the frames</source>
        <translation>Cartella per i fotogrammi</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Da</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Velocità</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Cartella</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Esporta</translation>
    </message>
    <message>
        <source>The range is empty: &quot;To&quot; must not come before &quot;From&quot;.</source>
        <translation>L&apos;intervallo è vuoto: &quot;A&quot; non deve venire prima di &quot;Da&quot;.</translation>
    </message>
    <message>
        <source>%1 frames (the most one export writes): frame-0001.png … and ring.apng.png, an animated PNG</source>
        <translation>%1 fotogrammi (il massimo per un&apos;esportazione): frame-0001.png … e ring.apng.png, un PNG animato</translation>
    </message>
    <message>
        <source>%1 frames: frame-0001.png … and ring.apng.png, an animated PNG</source>
        <translation>%1 fotogrammi: frame-0001.png … e ring.apng.png, un PNG animato</translation>
    </message>
</context>
<context>
    <name>ChordLab::HealthPanel</name>
    <message>
        <source>Ring invariants (live)</source>
        <translation>Invarianti dell&apos;anello (dal vivo)</translation>
    </message>
    <message>
        <source>Hops of recent lookups</source>
        <translation>Salti delle ricerche recenti</translation>
    </message>
    <message>
        <source>Ring invariants (at %1)</source>
        <translation>Invarianti dell&apos;anello (alle %1)</translation>
    </message>
</context>
<context>
    <name>ChordLab::HopHistogram</name>
    <message numerus="yes">
        <source>hops · ½ log₂ N = %1 (dashed) · mean %2 of %n lookup(s)</source>
        <translation>
            <numerusform>salti · ½ log₂ N = %1 (tratteggio) · media %2 su %n ricerca</numerusform>
            <numerusform>salti · ½ log₂ N = %1 (tratteggio) · media %2 su %n ricerche</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChordLab::InspectorPanel</name>
    <message>
        <source>i</source>
        <translation>i</translation>
    </message>
    <message>
        <source>start</source>
        <translation>inizio</translation>
    </message>
    <message>
        <source>interval</source>
        <translation>intervallo</translation>
    </message>
    <message>
        <source>successor</source>
        <translation>successore</translation>
    </message>
    <message>
        <source>Successor list</source>
        <translation>Lista dei successori</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select a node on the ring or in the table.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Seleziona un nodo sull&apos;anello o nella tabella.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Finger table</source>
        <translation>Tabella dei finger</translation>
    </message>
    <message>
        <source>Keys held</source>
        <translation>Chiavi possedute</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2&lt;br&gt;id &lt;b&gt;%3&lt;/b&gt; of 2&lt;sup&gt;%4&lt;/sup&gt; · %5 · up %6 s</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2&lt;br&gt;id &lt;b&gt;%3&lt;/b&gt; su 2&lt;sup&gt;%4&lt;/sup&gt; · %5 · attivo da %6 s</translation>
    </message>
    <message>
        <source>Finger table (m = %1)</source>
        <translation>Tabella dei finger (m = %1)</translation>
    </message>
    <message>
        <source>Keys held: %1 primary, %2 replica</source>
        <translation>Chiavi possedute: %1 primarie, %2 repliche</translation>
    </message>
    <message>
        <source>No reachable copy of the ids in (%1, %2]: its keys answer 503 until the nodes that held them come back</source>
        <translation>Nessuna copia raggiungibile degli id in (%1, %2]: le sue chiavi rispondono 503 finché non tornano i nodi che le custodivano</translation>
    </message>
    <message>
        <source>Holds every acknowledged write of (%1, %2]: its arc and its predecessors&apos; as their replica</source>
        <translation>Custodisce ogni scrittura confermata di (%1, %2]: il suo arco e quelli dei predecessori, come loro replica</translation>
    </message>
    <message>
        <source>Vouches for no copies now (joining, taking an arc over or back from a pause): reads it owns wait until its replicas confirm them</source>
        <translation>Ora non garantisce alcuna copia (sta entrando, sta rilevando un arco o riprende da una pausa): le letture delle sue chiavi attendono che le repliche le confermino</translation>
    </message>
</context>
<context>
    <name>ChordLab::KeyDialog</name>
    <message>
        <source>Key:</source>
        <translation>Chiave:</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Valore:</translation>
    </message>
    <message>
        <source>through %1</source>
        <translation>tramite %1</translation>
    </message>
    <message>
        <source>any live node</source>
        <translation>un nodo vivo qualsiasi</translation>
    </message>
</context>
<context>
    <name>ChordLab::LessonPanel</name>
    <message>
        <source>End lesson</source>
        <translation>Termina la lezione</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Lezioni</translation>
    </message>
    <message>
        <source>&lt;p&gt;Pick a lesson in the &lt;b&gt;Lessons&lt;/b&gt; menu. Each one boots a small ring, does one thing to it at a time and tells you what to look at; press &lt;b&gt;Next&lt;/b&gt; when the ring has shown it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Scegli una lezione nel menu &lt;b&gt;Lezioni&lt;/b&gt;. Ognuna avvia un piccolo anello, gli fa una cosa alla volta e ti dice cosa guardare; premi &lt;b&gt;Avanti&lt;/b&gt; quando l&apos;anello l&apos;ha mostrato.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Avanti</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Passo %1 di %2</translation>
    </message>
    <message>
        <source>The ring has not shown it yet: look at the logs, or go on.</source>
        <translation>L&apos;anello non l&apos;ha ancora mostrato: guarda i log, o vai avanti.</translation>
    </message>
    <message>
        <source>Waiting for the ring to settle…</source>
        <translation>In attesa che l&apos;anello si assesti…</translation>
    </message>
    <message>
        <source>Waiting for the ring: %1 (%2 of %3)…</source>
        <translation>In attesa dell&apos;anello: %1 (%2 di %3)…</translation>
    </message>
    <message>
        <source>✓ The ring has done it.</source>
        <translation>✓ L&apos;anello l&apos;ha fatto.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Fine</translation>
    </message>
    <message>
        <source>Some node of the partition is not in the ring.</source>
        <translation>Qualche nodo della partizione non è nell&apos;anello.</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for %n separate ring(s)…</source>
        <translation>
            <numerusform>In attesa di %n anello separato…</numerusform>
            <numerusform>In attesa di %n anelli separati…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChordLab::LinkFaultDialog</name>
    <message>
        <source>Both ways</source>
        <translation>In entrambi i versi</translation>
    </message>
    <message>
        <source>Link %1–%2: delay and loss</source>
        <translation>Collegamento %1–%2: ritardo e perdita</translation>
    </message>
    <message>
        <source>Off: only %1&apos;s messages to %2</source>
        <translation>Disattivato: solo i messaggi di %1 verso %2</translation>
    </message>
    <message>
        <source>Delay (ms):</source>
        <translation>Ritardo (ms):</translation>
    </message>
    <message>
        <source>Jitter (ms, up to):</source>
        <translation>Jitter (ms, fino a):</translation>
    </message>
    <message>
        <source>Loss (%):</source>
        <translation>Perdita (%):</translation>
    </message>
    <message>
        <source>Delay and jitter are whole milliseconds, 0 to %1.</source>
        <translation>Ritardo e jitter sono millisecondi interi, da 0 a %1.</translation>
    </message>
    <message>
        <source>Loss is a percentage, 0 to 100.</source>
        <translation>La perdita è una percentuale, da 0 a 100.</translation>
    </message>
    <message>
        <source>Nothing to set: give a delay, a jitter or a loss.</source>
        <translation>Niente da impostare: indica un ritardo, un jitter o una perdita.</translation>
    </message>
</context>
<context>
    <name>ChordLab::LocalCluster</name>
    <message>
        <source>node %1 did not become ready</source>
        <translation>il nodo %1 non è diventato pronto</translation>
    </message>
</context>
<context>
    <name>ChordLab::LogPane</name>
    <message>
        <source>Filter this log (text or category, e.g. chord.ring)…</source>
        <translation>Filtra questo log (testo o categoria, es. chord.ring)…</translation>
    </message>
    <message>
        <source>Open log file</source>
        <translation>Apri file di log</translation>
    </message>
</context>
<context>
    <name>ChordLab::LogPanel</name>
    <message>
        <source>Ring events</source>
        <translation>Eventi dell&apos;anello</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>ucciso</translation>
    </message>
    <message>
        <source>exited (code %1)</source>
        <translation>terminato (codice %1)</translation>
    </message>
</context>
<context>
    <name>ChordLab::MainWindow</name>
    <message>
        <source>Booting ring: %1 of %2 nodes</source>
        <translation>Avvio dell&apos;anello: %1 di %2 nodi</translation>
    </message>
    <message>
        <source>Ring is up</source>
        <translation>L&apos;anello è attivo</translation>
    </message>
    <message>
        <source>Boot failed: %1</source>
        <translation>Avvio fallito: %1</translation>
    </message>
    <message>
        <source>No ring to join</source>
        <translation>Nessun anello a cui unirsi</translation>
    </message>
    <message>
        <source>Store a key</source>
        <translation>Memorizza una chiave</translation>
    </message>
    <message>
        <source>Look up a key</source>
        <translation>Cerca una chiave</translation>
    </message>
    <message>
        <source>Read a key</source>
        <translation>Leggi una chiave</translation>
    </message>
    <message>
        <source>Delete a key</source>
        <translation>Elimina una chiave</translation>
    </message>
    <message>
        <source>Attach to a ring</source>
        <translation>Collegati a un anello</translation>
    </message>
    <message>
        <source>Address of any member (host:port):</source>
        <translation>Indirizzo di un membro qualsiasi (host:porta):</translation>
    </message>
    <message>
        <source>About ChordLab</source>
        <translation>Informazioni su ChordLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ChordLab %1&lt;/h3&gt;&lt;p&gt;A live Chord distributed hash table you can see and steer. Every node is a real chord-node process speaking HTTP/JSON.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ChordLab %1&lt;/h3&gt;&lt;p&gt;Una tabella hash distribuita Chord dal vivo, da osservare e guidare. Ogni nodo è un vero processo chord-node che parla HTTP/JSON.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>ChordLab — a live Chord ring</source>
        <translation>ChordLab — un anello Chord dal vivo</translation>
    </message>
    <message>
        <source>&amp;Boot ring…</source>
        <translation>&amp;Avvia anello…</translation>
    </message>
    <message>
        <source>Start a fresh local ring of N nodes</source>
        <translation>Avvia un nuovo anello locale di N nodi</translation>
    </message>
    <message>
        <source>&amp;Add node</source>
        <translation>Aggiungi &amp;nodo</translation>
    </message>
    <message>
        <source>Start a node that joins through the selected one</source>
        <translation>Avvia un nodo che entra tramite quello selezionato</translation>
    </message>
    <message>
        <source>&amp;Leave</source>
        <translation>&amp;Esci</translation>
    </message>
    <message>
        <source>The selected node leaves gracefully, handing off its keys</source>
        <translation>Il nodo selezionato esce in modo ordinato, cedendo le sue chiavi</translation>
    </message>
    <message>
        <source>Re&amp;join</source>
        <translation>&amp;Rientra</translation>
    </message>
    <message>
        <source>A standalone node joins the ring again</source>
        <translation>Un nodo isolato rientra nell&apos;anello</translation>
    </message>
    <message>
        <source>&amp;Crash</source>
        <translation>&amp;Termina brutalmente</translation>
    </message>
    <message>
        <source>Kill the selected node (SIGKILL): nobody is told</source>
        <translation>Uccide il nodo selezionato (SIGKILL): nessuno viene avvisato</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Sospendi</translation>
    </message>
    <message>
        <source>Freeze the selected node (SIGSTOP)</source>
        <translation>Congela il nodo selezionato (SIGSTOP)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Ri&amp;prendi</translation>
    </message>
    <message>
        <source>Let a paused node run again (SIGCONT)</source>
        <translation>Fa ripartire un nodo sospeso (SIGCONT)</translation>
    </message>
    <message>
        <source>&amp;Store key…</source>
        <translation>&amp;Memorizza chiave…</translation>
    </message>
    <message>
        <source>Store a key and value through the selected node</source>
        <translation>Memorizza una chiave e un valore tramite il nodo selezionato</translation>
    </message>
    <message>
        <source>&amp;Read key…</source>
        <translation>&amp;Leggi chiave…</translation>
    </message>
    <message>
        <source>Read a key through the selected node</source>
        <translation>Legge una chiave tramite il nodo selezionato</translation>
    </message>
    <message>
        <source>&amp;Look up key…</source>
        <translation>&amp;Cerca chiave…</translation>
    </message>
    <message>
        <source>Run an iterative lookup from the selected node and animate it</source>
        <translation>Esegue una ricerca iterativa dal nodo selezionato e la anima</translation>
    </message>
    <message>
        <source>&amp;Delete key…</source>
        <translation>&amp;Elimina chiave…</translation>
    </message>
    <message>
        <source>Delete a key through the selected node</source>
        <translation>Elimina una chiave tramite il nodo selezionato</translation>
    </message>
    <message>
        <source>A&amp;ttach to ring…</source>
        <translation>C&amp;ollegati a un anello…</translation>
    </message>
    <message>
        <source>Watch a ring that runs elsewhere, by host:port</source>
        <translation>Osserva un anello in esecuzione altrove, tramite host:porta</translation>
    </message>
    <message>
        <source>&amp;Kill all</source>
        <translation>&amp;Ferma tutti</translation>
    </message>
    <message>
        <source>Stop every node this app started</source>
        <translation>Ferma tutti i nodi avviati da questa applicazione</translation>
    </message>
    <message>
        <source>&amp;Remove dead nodes</source>
        <translation>&amp;Rimuovi i nodi morti</translation>
    </message>
    <message>
        <source>Export as &amp;PNG…</source>
        <translation>Esporta come &amp;PNG…</translation>
    </message>
    <message>
        <source>Save the ring view as an image</source>
        <translation>Salva la vista dell&apos;anello come immagine</translation>
    </message>
    <message>
        <source>Export as S&amp;VG…</source>
        <translation>Esporta come S&amp;VG…</translation>
    </message>
    <message>
        <source>Save the ring view as a vector drawing</source>
        <translation>Salva la vista dell&apos;anello come disegno vettoriale</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Esci dall&apos;applicazione</translation>
    </message>
    <message>
        <source>All &amp;fingers</source>
        <translation>Tutti i &amp;finger</translation>
    </message>
    <message>
        <source>Show the finger pointers of every node, not only the selected one</source>
        <translation>Mostra i puntatori finger di ogni nodo, non solo di quello selezionato</translation>
    </message>
    <message>
        <source>Show &amp;keys</source>
        <translation>Mostra le &amp;chiavi</translation>
    </message>
    <message>
        <source>Show p&amp;redecessors</source>
        <translation>Mostra i p&amp;redecessori</translation>
    </message>
    <message>
        <source>&amp;Slow animation</source>
        <translation>Animazione &amp;lenta</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Ingrandisci</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>&amp;Rimpicciolisci</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Adatta</translation>
    </message>
    <message>
        <source>Fit the ring in the window</source>
        <translation>Adatta l&apos;anello alla finestra</translation>
    </message>
    <message>
        <source>&amp;About ChordLab</source>
        <translation>&amp;Informazioni su ChordLab</translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation>Lingua di &amp;sistema</translation>
    </message>
    <message>
        <source>&amp;Ring</source>
        <translation>&amp;Anello</translation>
    </message>
    <message>
        <source>&amp;Node</source>
        <translation>&amp;Nodo</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation>&amp;Chiavi</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Visualizza</translation>
    </message>
    <message>
        <source>L&amp;anguage</source>
        <translation>L&amp;ingua</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aiuto</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Azioni</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nodi</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Ispettore</translation>
    </message>
    <message>
        <source>Ring health</source>
        <translation>Salute dell&apos;anello</translation>
    </message>
    <message>
        <source>%1 live of %2 · m = %3</source>
        <translation>%1 vivi su %2 · m = %3</translation>
    </message>
    <message>
        <source>Not an address: %1</source>
        <translation>Non è un indirizzo: %1</translation>
    </message>
    <message>
        <source>Attached to %1</source>
        <translation>Collegato a %1</translation>
    </message>
    <message>
        <source>Export the ring as SVG</source>
        <translation>Esporta l&apos;anello come SVG</translation>
    </message>
    <message>
        <source>Export the ring as PNG</source>
        <translation>Esporta l&apos;anello come PNG</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>Disegno SVG (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Immagine PNG (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Salvato %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>Impossibile salvare %1</translation>
    </message>
    <message numerus="yes">
        <source>Stopping %n node(s)…</source>
        <translation>
            <numerusform>Arresto di %n nodo…</numerusform>
            <numerusform>Arresto di %n nodi…</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause &amp;maintenance</source>
        <translation>Sospendi la &amp;manutenzione</translation>
    </message>
    <message>
        <source>Stop the periodic rounds (stabilize, fix fingers, check predecessor, replica sync) on every node; lookups and stores go on</source>
        <translation>Ferma i giri periodici (stabilize, correzione delle finger, controllo del predecessore, sincronizzazione delle repliche) su ogni nodo; ricerche e scritture continuano</translation>
    </message>
    <message>
        <source>Run &amp;stabilize now</source>
        <translation>Esegui &amp;stabilize ora</translation>
    </message>
    <message>
        <source>The selected node asks its successor for its neighbours and adopts a closer one</source>
        <translation>Il nodo selezionato chiede al successore i suoi vicini e adotta uno più vicino</translation>
    </message>
    <message>
        <source>Run &amp;rectify now</source>
        <translation>Esegui &amp;rectify ora</translation>
    </message>
    <message>
        <source>The selected node tells its successor about itself</source>
        <translation>Il nodo selezionato si presenta al suo successore</translation>
    </message>
    <message>
        <source>Fix the next &amp;finger now</source>
        <translation>Correggi la prossima &amp;finger ora</translation>
    </message>
    <message>
        <source>The selected node looks up the next finger due</source>
        <translation>Il nodo selezionato cerca la prossima finger da correggere</translation>
    </message>
    <message>
        <source>&amp;Check the predecessor now</source>
        <translation>&amp;Controlla il predecessore ora</translation>
    </message>
    <message>
        <source>The selected node asks its predecessor whether it is alive and still its own</source>
        <translation>Il nodo selezionato chiede al predecessore se è vivo ed è ancora il suo</translation>
    </message>
    <message>
        <source>S&amp;ync replicas now</source>
        <translation>Sincroni&amp;zza le repliche ora</translation>
    </message>
    <message>
        <source>The selected node compares its keys with its replicas</source>
        <translation>Il nodo selezionato confronta le sue chiavi con le repliche</translation>
    </message>
    <message>
        <source>&amp;Normal speed</source>
        <translation>Velocità &amp;normale</translation>
    </message>
    <message>
        <source>Rounds at the period the ring was booted with</source>
        <translation>Giri con il periodo con cui l&apos;anello è stato avviato</translation>
    </message>
    <message>
        <source>Slow: a round every &amp;2 s</source>
        <translation>Lento: un giro ogni &amp;2 s</translation>
    </message>
    <message>
        <source>Slower: a round every &amp;5 s</source>
        <translation>Più lento: un giro ogni &amp;5 s</translation>
    </message>
    <message>
        <source>Very slow: a round every &amp;30 s</source>
        <translation>Lentissimo: un giro ogni &amp;30 s</translation>
    </message>
    <message>
        <source>Pause rounds</source>
        <translation>Sospendi giri</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Passo</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Velocità</translation>
    </message>
    <message>
        <source>How often every node runs its maintenance round</source>
        <translation>Ogni quanto ciascun nodo esegue il giro di manutenzione</translation>
    </message>
    <message>
        <source>&amp;Time</source>
        <translation>&amp;Tempo</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source> · maintenance paused</source>
        <translation> · manutenzione sospesa</translation>
    </message>
    <message>
        <source> · a round every %1 ms</source>
        <translation> · un giro ogni %1 ms</translation>
    </message>
    <message>
        <source>Show &amp;messages</source>
        <translation>Mostra i &amp;messaggi</translation>
    </message>
    <message>
        <source>Every node records the messages it sends to other nodes (stabilize, rectify, find-successor, replica sync...); each flies across the ring as a dot, and is listed under Ring events with its outcome</source>
        <translation>Ogni nodo registra i messaggi che invia agli altri nodi (stabilize, rectify, find-successor, sincronizzazione delle repliche...); ognuno attraversa l&apos;anello come un punto ed è elencato negli Eventi dell&apos;anello con il suo esito</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messaggi</translation>
    </message>
    <message>
        <source>&amp;Play the recording</source>
        <translation>Ri&amp;produci la registrazione</translation>
    </message>
    <message>
        <source>Play what happened from the timeline&apos;s cursor at the chosen speed; lookups and messages fly again</source>
        <translation>Riproduce quello che è successo dal cursore della linea del tempo alla velocità scelta; ricerche e messaggi volano di nuovo</translation>
    </message>
    <message>
        <source>Step &amp;back</source>
        <translation>Passo &amp;indietro</translation>
    </message>
    <message>
        <source>Move the timeline&apos;s cursor to the event before it</source>
        <translation>Sposta il cursore della linea del tempo all&apos;evento precedente</translation>
    </message>
    <message>
        <source>Step &amp;forward</source>
        <translation>Passo &amp;avanti</translation>
    </message>
    <message>
        <source>Move the timeline&apos;s cursor to the next event and show it happen</source>
        <translation>Sposta il cursore della linea del tempo all&apos;evento successivo e lo mostra accadere</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>Torna al &amp;vivo</translation>
    </message>
    <message>
        <source>Show the ring as it is now (closes an opened recording)</source>
        <translation>Mostra l&apos;anello com&apos;è adesso (chiude una registrazione aperta)</translation>
    </message>
    <message>
        <source>&amp;Save recording…</source>
        <translation>&amp;Salva registrazione…</translation>
    </message>
    <message>
        <source>Save the history shown on the timeline to a file</source>
        <translation>Salva in un file la storia mostrata sulla linea del tempo</translation>
    </message>
    <message>
        <source>&amp;Open recording…</source>
        <translation>&amp;Apri registrazione…</translation>
    </message>
    <message>
        <source>Open a saved recording and replay it (no nodes needed)</source>
        <translation>Apre una registrazione salvata e la riproduce (senza bisogno di nodi)</translation>
    </message>
    <message>
        <source>Open recording</source>
        <translation>Apri registrazione</translation>
    </message>
    <message>
        <source>ChordLab recordings (*.chordlab.json);;All files (*)</source>
        <translation>Registrazioni ChordLab (*.chordlab.json);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Indietro</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Avanti</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Dal vivo</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>Velocità di riproduzione</translation>
    </message>
    <message>
        <source>Live · recorded %1 events, %2 s</source>
        <translation>Dal vivo · registrati %1 eventi, %2 s</translation>
    </message>
    <message>
        <source>%1 · %2 s before the end</source>
        <translation>%1 · %2 s prima della fine</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <source>Save recording</source>
        <translation>Salva registrazione</translation>
    </message>
    <message>
        <source>Recording saved to %1</source>
        <translation>Registrazione salvata in %1</translation>
    </message>
    <message>
        <source>Could not save the recording to %1: %2</source>
        <translation>Impossibile salvare la registrazione in %1: %2</translation>
    </message>
    <message>
        <source>Replaying %1</source>
        <translation>Riproduzione di %1</translation>
    </message>
    <message>
        <source>Could not open the recording %1: %2</source>
        <translation>Impossibile aprire la registrazione %1: %2</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>Sequenza</translation>
    </message>
    <message>
        <source>Export a time &amp;range…</source>
        <translation>Esporta un &amp;intervallo di tempo…</translation>
    </message>
    <message>
        <source>Write a part of the recording as numbered PNG frames and an animated PNG</source>
        <translation>Scrive una parte della registrazione come fotogrammi PNG numerati e un PNG animato</translation>
    </message>
    <message>
        <source>Frames and an animated PNG written to %1</source>
        <translation>Fotogrammi e PNG animato scritti in %1</translation>
    </message>
    <message>
        <source>Could not export the range to %1: %2</source>
        <translation>Impossibile esportare l&apos;intervallo in %1: %2</translation>
    </message>
    <message>
        <source>Exporting %1 frames…</source>
        <translation>Esportazione di %1 fotogrammi…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Apri lezione</translation>
    </message>
    <message>
        <source>ChordLab lessons (*.json);;All files (*)</source>
        <translation>Lezioni ChordLab (*.json);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>L&amp;essons</source>
        <translation>L&amp;ezioni</translation>
    </message>
    <message>
        <source>&amp;Open lesson file…</source>
        <translation>&amp;Apri un file di lezione…</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lezione</translation>
    </message>
    <message>
        <source>Could not open the lesson %1: %2</source>
        <translation>Impossibile aprire la lezione %1: %2</translation>
    </message>
    <message>
        <source>&amp;Quiz on the live ring</source>
        <translation>&amp;Quiz sull&apos;anello dal vivo</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Link %1–%2</source>
        <translation>Collegamento %1–%2</translation>
    </message>
    <message>
        <source>Link to</source>
        <translation>Collegamento verso</translation>
    </message>
    <message>
        <source>&amp;Partition the ring…</source>
        <translation>&amp;Partiziona l&apos;anello…</translation>
    </message>
    <message>
        <source>Draw a line across the ring: the nodes on each side lose every link to the other side</source>
        <translation>Traccia una linea attraverso l&apos;anello: i nodi di ciascuna parte perdono ogni collegamento con l&apos;altra parte</translation>
    </message>
    <message>
        <source>Draw a line across the ring with the mouse to split it (Esc cancels)</source>
        <translation>Traccia col mouse una linea attraverso l&apos;anello per dividerlo (Esc annulla)</translation>
    </message>
    <message>
        <source>&amp;Heal all links</source>
        <translation>&amp;Guarisci tutti i collegamenti</translation>
    </message>
    <message>
        <source>Remove every link fault and partition, on every node</source>
        <translation>Rimuove ogni guasto dei collegamenti e ogni partizione, su ogni nodo</translation>
    </message>
    <message>
        <source>Delay and loss…</source>
        <translation>Ritardo e perdita…</translation>
    </message>
    <message>
        <source>Cut one way (%1 → %2)</source>
        <translation>Taglia in un verso (%1 → %2)</translation>
    </message>
    <message>
        <source>Cut both ways</source>
        <translation>Taglia in entrambi i versi</translation>
    </message>
    <message>
        <source>Heal this link</source>
        <translation>Guarisci questo collegamento</translation>
    </message>
    <message>
        <source> · original protocol</source>
        <translation> · protocollo originale</translation>
    </message>
    <message>
        <source>Release unavailable keys…</source>
        <translation>Rilascia le chiavi non disponibili…</translation>
    </message>
    <message>
        <source>Release unavailable keys</source>
        <translation>Rilascia le chiavi non disponibili</translation>
    </message>
    <message>
        <source>Every node that held copies of the ids in (%1, %2] is away, so %3 answers 503 for those keys until one of them comes back.

Release them only if those nodes are gone for good: %3 then serves what the ring holds, and a write that only they held is lost.</source>
        <translation>Tutti i nodi che custodivano copie degli id in (%1, %2] sono assenti, quindi %3 risponde 503 per quelle chiavi finché uno di loro non torna.

Rilasciale solo se quei nodi non torneranno più: %3 servirà allora ciò che l&apos;anello contiene, e una scrittura che solo loro custodivano andrà persa.</translation>
    </message>
</context>
<context>
    <name>ChordLab::NodeTableModel</name>
    <message>
        <source>starting</source>
        <translation>in avvio</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>vivo</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>sospeso</translation>
    </message>
    <message>
        <source>leaving</source>
        <translation>in uscita</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>irraggiungibile</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>morto</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Indirizzo</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Predecessor</source>
        <translation>Predecessore</translation>
    </message>
    <message>
        <source>Successor</source>
        <translation>Successore</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>Primarie</translation>
    </message>
    <message>
        <source>Replica</source>
        <translation>Repliche</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stato</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
</context>
<context>
    <name>ChordLab::QuizPanel</name>
    <message>
        <source>The quiz asks about a live ring: boot one (Ring &gt; Boot ring) with two nodes or more.</source>
        <translation>Il quiz fa domande su un anello dal vivo: avviane uno (Anello &gt; Avvia anello) con due nodi o più.</translation>
    </message>
    <message>
        <source>Pick a node first: click it on the ring or choose it above.</source>
        <translation>Scegli prima un nodo: fai clic su di esso nell&apos;anello o sceglilo qui sopra.</translation>
    </message>
    <message>
        <source>Asking the ring…</source>
        <translation>Chiedo all&apos;anello…</translation>
    </message>
    <message>
        <source>The ring did not answer (%1): try again.</source>
        <translation>L&apos;anello non ha risposto (%1): riprova.</translation>
    </message>
    <message>
        <source>&lt;b&gt;✓ Right.&lt;/b&gt; </source>
        <translation>&lt;b&gt;✓ Giusto.&lt;/b&gt; </translation>
    </message>
    <message>
        <source>&lt;b&gt;✗ Not quite: %1.&lt;/b&gt; </source>
        <translation>&lt;b&gt;✗ Non proprio: %1.&lt;/b&gt; </translation>
    </message>
    <message>
        <source>Score: %1 of %2</source>
        <translation>Punteggio: %1 su %2</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Rispondi</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Domanda successiva</translation>
    </message>
    <message>
        <source>click a node</source>
        <translation>fai clic su un nodo</translation>
    </message>
</context>
<context>
    <name>ChordLab::Replay</name>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation>non è JSON: %1 al byte %2</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>non è un oggetto JSON</translation>
    </message>
</context>
<context>
    <name>ChordLab::RingController</name>
    <message>
        <source>%1 is leaving the ring</source>
        <translation>%1 sta uscendo dall&apos;anello</translation>
    </message>
    <message>
        <source>%1 left the ring</source>
        <translation>%1 è uscito dall&apos;anello</translation>
    </message>
    <message>
        <source>%1 could not leave: %2</source>
        <translation>%1 non è riuscito a uscire: %2</translation>
    </message>
    <message>
        <source>%1 joined the ring through %2</source>
        <translation>%1 è entrato nell&apos;anello tramite %2</translation>
    </message>
    <message>
        <source>%1 could not join: %2</source>
        <translation>%1 non è riuscito a entrare: %2</translation>
    </message>
    <message>
        <source>store of “%1” failed: %2</source>
        <translation>memorizzazione di “%1” fallita: %2</translation>
    </message>
    <message>
        <source>stored “%1” on %2</source>
        <translation>“%1” memorizzata su %2</translation>
    </message>
    <message>
        <source>deleted “%1”</source>
        <translation>“%1” eliminata</translation>
    </message>
    <message>
        <source>delete of “%1” failed: %2</source>
        <translation>eliminazione di “%1” fallita: %2</translation>
    </message>
    <message>
        <source>read of “%1” failed: %2</source>
        <translation>lettura di “%1” fallita: %2</translation>
    </message>
    <message>
        <source>“%1” is not stored</source>
        <translation>“%1” non è memorizzata</translation>
    </message>
    <message>
        <source>“%1” = “%2”</source>
        <translation>“%1” = “%2”</translation>
    </message>
    <message>
        <source>lookup of “%1” failed: %2</source>
        <translation>ricerca di “%1” fallita: %2</translation>
    </message>
    <message numerus="yes">
        <source>“%1” (id %2) is owned by %3: %n hop(s)</source>
        <translation>
            <numerusform>“%1” (id %2) appartiene a %3: %n salto</numerusform>
            <numerusform>“%1” (id %2) appartiene a %3: %n salti</numerusform>
        </translation>
    </message>
    <message>
        <source>A link needs two different nodes</source>
        <translation>Un collegamento richiede due nodi diversi</translation>
    </message>
    <message>
        <source>Could not read the link faults of %1: %2</source>
        <translation>Impossibile leggere i guasti dei collegamenti di %1: %2</translation>
    </message>
    <message>
        <source>Could not set the link %1–%2: %3</source>
        <translation>Impossibile impostare il collegamento %1–%2: %3</translation>
    </message>
    <message>
        <source>Link %1–%2 healed</source>
        <translation>Collegamento %1–%2 guarito</translation>
    </message>
    <message>
        <source>Link %1%2%3: %4</source>
        <translation>Collegamento %1%2%3: %4</translation>
    </message>
    <message>
        <source>A partition needs nodes on both sides</source>
        <translation>Una partizione richiede nodi da entrambe le parti</translation>
    </message>
    <message>
        <source>Partition not set on %1</source>
        <translation>Partizione non impostata su %1</translation>
    </message>
    <message numerus="yes">
        <source>The ring is split into %n group(s) (%1 nodes)</source>
        <translation>
            <numerusform>L&apos;anello è diviso in %n gruppo (%1 nodi)</numerusform>
            <numerusform>L&apos;anello è diviso in %n gruppi (%1 nodi)</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not heal %1</source>
        <translation>Impossibile guarire %1</translation>
    </message>
    <message numerus="yes">
        <source>Every link healed (%n node(s))</source>
        <translation>
            <numerusform>Ogni collegamento guarito (%n nodo)</numerusform>
            <numerusform>Ogni collegamento guarito (%n nodi)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was not started by this app</source>
        <translation>%1 non è stato avviato da questa app</translation>
    </message>
    <message>
        <source>%1 resumed</source>
        <translation>%1 ripreso</translation>
    </message>
    <message>
        <source>%1 resumed, but its links could not be healed: %2</source>
        <translation>%1 ripreso, ma i suoi collegamenti non sono stati guariti: %2</translation>
    </message>
    <message>
        <source>%1 resumed and its links healed</source>
        <translation>%1 ripreso e i suoi collegamenti guariti</translation>
    </message>
    <message numerus="yes">
        <source>Every link healed (%n node(s)); paused nodes are healed when resumed (%1)</source>
        <translation>
            <numerusform>Ogni collegamento guarito (%n nodo); i nodi in pausa guariscono quando riprendono (%1)</numerusform>
            <numerusform>Ogni collegamento guarito (%n nodi); i nodi in pausa guariscono quando riprendono (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 resumed, but could not join the partition: %2</source>
        <translation>%1 ripreso, ma non è entrato nella partizione: %2</translation>
    </message>
    <message>
        <source>%1 resumed and placed in its group of the partition</source>
        <translation>%1 ripreso e messo nel suo gruppo della partizione</translation>
    </message>
    <message>
        <source>; paused nodes join it when resumed (%1)</source>
        <translation>; i nodi in pausa vi entrano quando vengono ripresi (%1)</translation>
    </message>
    <message>
        <source>%1 could not release: %2</source>
        <translation>%1 non ha potuto rilasciare: %2</translation>
    </message>
    <message>
        <source>%1 had no unavailable keys</source>
        <translation>%1 non aveva chiavi non disponibili</translation>
    </message>
    <message>
        <source>%1 serves the ids in (%2, %3] from what the ring holds; writes only the lost nodes held are gone</source>
        <translation>%1 serve gli id in (%2, %3] da ciò che l&apos;anello contiene; le scritture custodite solo dai nodi perduti sono perse</translation>
    </message>
</context>
<context>
    <name>ChordLab::RingPainter</name>
    <message>
        <source>id %1</source>
        <translation>id %1</translation>
    </message>
    <message>
        <source>key “%1” (id %2)</source>
        <translation>chiave “%1” (id %2)</translation>
    </message>
    <message>
        <source>Lookup of %1 from %2</source>
        <translation>Ricerca di %1 da %2</translation>
    </message>
    <message>
        <source>%1. %2 did not answer</source>
        <translation>%1. %2 non ha risposto</translation>
    </message>
    <message>
        <source>%1. %2 → done: owner is %3 (%4 ms)</source>
        <translation>%1. %2 → fatto: il proprietario è %3 (%4 ms)</translation>
    </message>
    <message>
        <source>%1. %2 → closest preceding finger %3 (%4 ms)</source>
        <translation>%1. %2 → finger precedente più vicino %3 (%4 ms)</translation>
    </message>
    <message>
        <source>answered locally: the successor of the initiator owns it</source>
        <translation>risposta locale: la possiede il successore di chi ha avviato la ricerca</translation>
    </message>
    <message numerus="yes">
        <source>owner %1 · %n hop(s) · %2 ms</source>
        <translation>
            <numerusform>proprietario %1 · %n salto · %2 ms</numerusform>
            <numerusform>proprietario %1 · %n salti · %2 ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n chiave</numerusform>
            <numerusform>%n chiavi</numerusform>
        </translation>
    </message>
    <message>
        <source>No ring yet: boot one or attach to one</source>
        <translation>Ancora nessun anello: avviane uno o collegati a uno</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n nodo</numerusform>
            <numerusform>%n nodi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>m = %1 bits · %n key(s)</source>
        <translation>
            <numerusform>m = %1 bit · %n chiave</numerusform>
            <numerusform>m = %1 bit · %n chiavi</numerusform>
        </translation>
    </message>
    <message>
        <source>alive</source>
        <translation>vivo</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>sospeso</translation>
    </message>
    <message>
        <source>leaving</source>
        <translation>in uscita</translation>
    </message>
    <message>
        <source>unreachable / dead</source>
        <translation>irraggiungibile / morto</translation>
    </message>
    <message>
        <source>successor</source>
        <translation>successore</translation>
    </message>
    <message>
        <source>predecessor</source>
        <translation>predecessore</translation>
    </message>
    <message>
        <source>finger</source>
        <translation>finger</translation>
    </message>
    <message>
        <source>key</source>
        <translation>chiave</translation>
    </message>
    <message>
        <source>message</source>
        <translation>messaggio</translation>
    </message>
    <message>
        <source>cut</source>
        <translation>tagliato</translation>
    </message>
    <message>
        <source>%1±%2 ms</source>
        <translation>%1±%2 ms</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1% loss</source>
        <translation>%1% di perdita</translation>
    </message>
    <message>
        <source>partition</source>
        <translation>partizione</translation>
    </message>
    <message>
        <source>cut one way</source>
        <translation>tagliato in un verso</translation>
    </message>
    <message>
        <source>cut link</source>
        <translation>collegamento tagliato</translation>
    </message>
    <message>
        <source>slow / lossy link</source>
        <translation>collegamento lento / con perdite</translation>
    </message>
    <message>
        <source>partition group</source>
        <translation>gruppo della partizione</translation>
    </message>
    <message>
        <source>Zave&apos;s corrected protocol</source>
        <translation>protocollo corretto di Zave</translation>
    </message>
    <message>
        <source>original protocol (2001 paper)</source>
        <translation>protocollo originale (articolo del 2001)</translation>
    </message>
    <message>
        <source>mixed protocols</source>
        <translation>protocolli misti</translation>
    </message>
    <message>
        <source>no copy: 503</source>
        <translation>nessuna copia: 503</translation>
    </message>
    <message>
        <source>keys without a reachable copy</source>
        <translation>chiavi senza copia raggiungibile</translation>
    </message>
</context>
<context>
    <name>ChordLab::RingView</name>
    <message>
        <source>starting</source>
        <translation>in avvio</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>vivo</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>sospeso</translation>
    </message>
    <message>
        <source>leaving</source>
        <translation>in uscita</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>irraggiungibile</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>morto</translation>
    </message>
    <message>
        <source>Chord ring</source>
        <translation>Anello Chord</translation>
    </message>
    <message>
        <source>Exported from ChordLab</source>
        <translation>Esportato da ChordLab</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2&lt;br&gt;id %3&lt;br&gt;%4 · primary keys %5, replicas %6%7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2&lt;br&gt;id %3&lt;br&gt;%4 · chiavi primarie %5, repliche %6%7</translation>
    </message>
    <message>
        <source>&lt;br&gt;pid %1</source>
        <translation>&lt;br&gt;pid %1</translation>
    </message>
</context>
<context>
    <name>ChordLab::SequenceView</name>
    <message>
        <source>Last 2 s</source>
        <translation>Ultimi 2 s</translation>
    </message>
    <message>
        <source>Last 10 s</source>
        <translation>Ultimi 10 s</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Ultimo minuto</translation>
    </message>
    <message>
        <source>How much time before the timeline&apos;s cursor the chart shows</source>
        <translation>Quanto tempo prima del cursore della linea temporale mostra il diagramma</translation>
    </message>
    <message>
        <source>Every message; click an orange row to follow its operation</source>
        <translation>Ogni messaggio; fai clic su una riga arancione per seguire la sua operazione</translation>
    </message>
    <message>
        <source>Operation %1</source>
        <translation>Operazione %1</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tutti</translation>
    </message>
</context>
<context>
    <name>ChordLab::TimeControl</name>
    <message>
        <source>no node answered</source>
        <translation>nessun nodo ha risposto</translation>
    </message>
    <message numerus="yes">
        <source>maintenance paused on %n node(s): step it by hand</source>
        <translation>
            <numerusform>manutenzione sospesa su %n nodo: procedi a passi</numerusform>
            <numerusform>manutenzione sospesa su %n nodi: procedi a passi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>maintenance resumed on %n node(s)</source>
        <translation>
            <numerusform>manutenzione ripresa su %n nodo</numerusform>
            <numerusform>manutenzione ripresa su %n nodi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>maintenance every %1 ms on %n node(s)</source>
        <translation>
            <numerusform>manutenzione ogni %1 ms su %n nodo</numerusform>
            <numerusform>manutenzione ogni %1 ms su %n nodi</numerusform>
        </translation>
    </message>
    <message>
        <source>select a node first</source>
        <translation>seleziona prima un nodo</translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation>%1 su %2 non riuscito: %3</translation>
    </message>
    <message>
        <source>%1 on %2 done: successor %3, predecessor %4</source>
        <translation>%1 su %2 eseguito: successore %3, predecessore %4</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nessuno</translation>
    </message>
    <message>
        <source>%1 on %2 done</source>
        <translation>%1 su %2 eseguito</translation>
    </message>
    <message numerus="yes">
        <source>messages between nodes shown: %n node(s) record them</source>
        <translation>
            <numerusform>messaggi tra i nodi mostrati: %n nodo li registra</numerusform>
            <numerusform>messaggi tra i nodi mostrati: %n nodi li registrano</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>messages between nodes hidden on %n node(s)</source>
        <translation>
            <numerusform>messaggi tra i nodi nascosti su %n nodo</numerusform>
            <numerusform>messaggi tra i nodi nascosti su %n nodi</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChordLab::TimelineWidget</name>
    <message>
        <source>%1: %2 at %3</source>
        <translation>%1: %2 alle %3</translation>
    </message>
</context>
<context>
    <name>Quiz</name>
    <message>
        <source>Which node owns the key &lt;b&gt;“%1”&lt;/b&gt;? Click it on the ring.</source>
        <translation>Quale nodo possiede la chiave &lt;b&gt;“%1”&lt;/b&gt;? Fai clic su di esso nell&apos;anello.</translation>
    </message>
    <message>
        <source>What is finger &lt;b&gt;%1&lt;/b&gt; of &lt;b&gt;%2&lt;/b&gt;? Click that node on the ring.</source>
        <translation>Qual è il finger &lt;b&gt;%1&lt;/b&gt; di &lt;b&gt;%2&lt;/b&gt;? Fai clic su quel nodo nell&apos;anello.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; looks up &lt;b&gt;“%2”&lt;/b&gt;. To which node does it send the first step (or, if its successor owns the key, which node is that)?</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; cerca &lt;b&gt;“%2”&lt;/b&gt;. A quale nodo invia il primo passo (o, se la chiave è del suo successore, quale nodo è)?</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; looks up &lt;b&gt;“%2”&lt;/b&gt;. How many nodes will the lookup contact after %1 itself (0 when its successor owns the key)?</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; cerca &lt;b&gt;“%2”&lt;/b&gt;. Quanti nodi contatterà la ricerca dopo %1 stesso (0 se la chiave è del suo successore)?</translation>
    </message>
    <message>
        <source>%1 is not in the ring any more.</source>
        <translation>%1 non è più nell&apos;anello.</translation>
    </message>
    <message>
        <source>Finger %1 of %2 starts at %3 + 2&lt;sup&gt;%1&lt;/sup&gt; = %4 (mod 2&lt;sup&gt;%5&lt;/sup&gt;); the first node at or after %4 is %6 (id %7), as %2&apos;s finger table says.</source>
        <translation>Il finger %1 di %2 inizia a %3 + 2&lt;sup&gt;%1&lt;/sup&gt; = %4 (mod 2&lt;sup&gt;%5&lt;/sup&gt;); il primo nodo uguale o successivo a %4 è %6 (id %7), come dice la tabella dei finger di %2.</translation>
    </message>
    <message>
        <source>“%1” hashes to id %2; the first node at or after %2 is %3 (id %4): the ring&apos;s own lookup found it there.</source>
        <translation>L&apos;hash di “%1” è l&apos;id %2; il primo nodo uguale o successivo a %2 è %3 (id %4): la ricerca dell&apos;anello stesso l&apos;ha trovata lì.</translation>
    </message>
    <message>
        <source>Id %1 of “%2” lies between %3 and its successor %4: %4 owns it and %3 answers at once.</source>
        <translation>L&apos;id %1 di “%2” sta tra %3 e il suo successore %4: %4 la possiede e %3 risponde subito.</translation>
    </message>
    <message>
        <source>%1 sends the step to its closest finger that precedes id %2 of “%3”: %4. The whole lookup went %5.</source>
        <translation>%1 invia il passo al suo finger più vicino che precede l&apos;id %2 di “%3”: %4. L&apos;intera ricerca è andata %5.</translation>
    </message>
    <message numerus="yes">
        <source>The lookup went %1: %n node(s) after %2, each step at least halving the distance left to id %3.</source>
        <translation>
            <numerusform>La ricerca è andata %1: %n nodo dopo %2, ogni passo almeno dimezzando la distanza rimasta fino all&apos;id %3.</numerusform>
            <numerusform>La ricerca è andata %1: %n nodi dopo %2, ogni passo almeno dimezzando la distanza rimasta fino all&apos;id %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>A new node joins with id &lt;b&gt;%1&lt;/b&gt;. Which node hands it keys?</source>
        <translation>Un nuovo nodo entra con id &lt;b&gt;%1&lt;/b&gt;. Quale nodo gli cede delle chiavi?</translation>
    </message>
    <message>
        <source>%1 lies in %2&apos;s arc (%3, %4]: the new node takes (%3, %1] from %2, which hands it the keys with ids there: %5.</source>
        <translation>%1 sta nell&apos;arco di %2 (%3, %4]: il nuovo nodo prende (%3, %1] da %2, che gli cede le chiavi con id lì: %5.</translation>
    </message>
    <message>
        <source>none today</source>
        <translation>nessuna, oggi</translation>
    </message>
    <message>
        <source>The ring&apos;s pointers do not settle it now: try another question.</source>
        <translation>I puntatori dell&apos;anello ora non lo stabiliscono: prova un&apos;altra domanda.</translation>
    </message>
</context>
<context>
    <name>RingHealth</name>
    <message>
        <source>One ordered ring</source>
        <translation>Un solo anello ordinato</translation>
    </message>
    <message>
        <source>Predecessor and successor agree</source>
        <translation>Predecessore e successore concordano</translation>
    </message>
    <message>
        <source>Successor lists hold the next live nodes</source>
        <translation>Le liste dei successori contengono i prossimi nodi vivi</translation>
    </message>
    <message>
        <source>Fingers point to successor(n + 2^i)</source>
        <translation>I finger puntano a successor(n + 2^i)</translation>
    </message>
    <message>
        <source>succ(%1) is %2, expected %3</source>
        <translation>succ(%1) è %2, atteso %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nessuno</translation>
    </message>
    <message>
        <source>pred(%1) is %2, expected %3</source>
        <translation>pred(%1) è %2, atteso %3</translation>
    </message>
    <message>
        <source>%1 has an empty successor list</source>
        <translation>%1 ha la lista dei successori vuota</translation>
    </message>
    <message>
        <source>successor %1 of %2 is %3, expected %4</source>
        <translation>il successore %1 di %2 è %3, atteso %4</translation>
    </message>
    <message>
        <source>finger %1 of %2 is %3, expected %4</source>
        <translation>il finger %1 di %2 è %3, atteso %4</translation>
    </message>
    <message>
        <source>no live node</source>
        <translation>nessun nodo vivo</translation>
    </message>
    <message>
        <source>%1 and %2 hold the same id</source>
        <translation>%1 e %2 hanno lo stesso id</translation>
    </message>
</context>
</TS>
