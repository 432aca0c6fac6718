using DataExchange.Data.Entities;

namespace DataExchange.Data.Records;

/// <summary>
/// The (agency, source_id) keys a <see cref="RecordLoad"/> into an empty store has stored itself, for as long as it is
/// known that every stored record is one of them: a key not among them is then not in the store, and a chunk looks up
/// only its other keys (for an initial load, none but a file's own repeats). Without it every chunk probed the unique
/// (agency, source_id) index once per record for records that could not be there, about a third of the store thread's
/// time on gen100k.
/// <para>
/// How it stays correct: the keys are believed only while nobody else has stored a record. <see cref="RecordLoad"/>
/// starts them on an empty store and checks, at the start of each of its transactions (which hold SQLite's write lock,
/// so nothing can change between the check and the chunk's write), that the highest record id is still the highest it
/// stored itself: another writer's record raises it (ids only grow and records are never deleted), and the keys are
/// abandoned; every key is then looked up for the rest of the load. A hash collision only costs a lookup of a key that
/// is absent.
/// </para>
/// <para>
/// SQLite only. On PostgreSQL no check can hold another writer off (the unique index would have to be the check, with a
/// retry), and leaving the lookups out there saved the client a sixth of its CPU while storing gen100k but made storing
/// no faster (13.7 s with them, 15.5 s without, back to back on a quiet machine): the server, not the client, sets the pace.
/// </para>
/// </summary>
internal sealed class LoadKeys
{
    private readonly HashSet<int> stored = [];
    private bool abandoned;

    /// <summary>The highest record id stored through these keys (0 before the first).</summary>
    public long LastId { get; private set; }

    /// <summary>False once another writer may have stored a record: every key is then looked up.</summary>
    public bool Trusted => !abandoned;

    /// <summary>Whether the record may already be stored: false only for a key this load has certainly not stored.</summary>
    public bool MayBeStored(string agency, string sourceId) => abandoned || stored.Contains(Hash(agency, sourceId));

    /// <summary>Adds new records, with their ids, once written in the store's transaction.</summary>
    public void Add(IEnumerable<SourceRecordEntity> records)
    {
        foreach (var record in records)
        {
            stored.Add(Hash(record.Agency, record.SourceId));
            LastId = Math.Max(LastId, record.Id);
        }
    }

    /// <summary>Stops trusting the keys (another writer may have stored records) and frees them.</summary>
    public void Abandon()
    {
        abandoned = true;
        stored.Clear();
        stored.TrimExcess();
    }

    // In-process only (string hashes are randomised per process), so nothing of it is ever stored.
    private static int Hash(string agency, string sourceId) => HashCode.Combine(agency, sourceId);
}
