using DataExchange.Data.Entities;

namespace DataExchange.Data.Audit;

/// <summary>
/// Walks the chain in sequence order and names the first entry that breaks it: a gap (deleted), a content
/// hash that does not match (edited), or a previous hash that does not match its predecessor (inserted,
/// reordered, or the predecessor edited and re-hashed). A truncated or rewritten tail is caught only against
/// a head digest exported earlier (<see cref="AuditHead"/>): an unkeyed chain cannot prove its own end.
/// </summary>
public sealed class AuditChainVerifier
{
    private long expectedSequence;
    private string previousHash;
    private readonly AuditHead? expectedHead;
    private bool headSeen;

    public AuditChainVerifier(AuditPurgeEntity? anchor, AuditHead? expectedHead)
    {
        expectedSequence = anchor is null ? 1 : anchor.UpToSequence + 1;
        previousHash = anchor?.AnchorHash ?? AuditHash.Genesis;
        this.expectedHead = expectedHead;
    }

    public long Checked { get; private set; }
    public long? FirstBadSequence { get; private set; }
    public string Problem { get; private set; } = "";
    public AuditHead? Head { get; private set; }
    public bool Failed => FirstBadSequence is not null;

    /// <summary>Feeds the next entry (ascending sequence); returns false once the chain is broken.</summary>
    public bool Add(AuditEntryEntity entry)
    {
        if (Failed)
        {
            return false;
        }

        if (entry.Sequence != expectedSequence)
        {
            return Fail(expectedSequence, entry.Sequence > expectedSequence
                ? $"entry {expectedSequence} is missing (deleted): the next entry present is {entry.Sequence}"
                : $"entry {entry.Sequence} appears out of order (expected {expectedSequence})");
        }

        if (entry.PreviousHash != previousHash)
        {
            return Fail(entry.Sequence, entry.Sequence == 1
                ? "entry 1 does not start the chain (inserted or edited)"
                : $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}: one of them was inserted, reordered or edited and re-hashed");
        }

        if (AuditHash.Compute(entry) != entry.Hash)
        {
            return Fail(entry.Sequence, $"entry {entry.Sequence} was edited: its content does not match its hash");
        }

        if (expectedHead is { } head && head.Sequence == entry.Sequence)
        {
            headSeen = true;
            if (!string.Equals(head.Hash, entry.Hash, StringComparison.OrdinalIgnoreCase))
            {
                return Fail(entry.Sequence, $"entry {entry.Sequence} differs from the exported head digest: the chain was rewritten from here or earlier");
            }
        }

        previousHash = entry.Hash;
        expectedSequence++;
        Checked++;
        Head = new AuditHead(entry.Sequence, entry.Hash);
        return true;
    }

    /// <summary>
    /// The next row could not be read at all: the hub never writes such a row, so it was edited outside it. Named by
    /// its sequence when that much is readable, else as the entry expected next.
    /// </summary>
    public void Unreadable(long? sequence, string? column)
    {
        if (Failed)
        {
            return;
        }

        var named = sequence ?? expectedSequence;
        var what = column is null ? "a column" : $"its {column} column";
        Fail(named, sequence is null
            ? $"the entry after entry {expectedSequence - 1} cannot be read ({what} holds a value of the wrong type): it was tampered with"
            : $"entry {named} cannot be read ({what} holds a value of the wrong type): it was tampered with");
    }

    /// <summary>Call after the last entry: checks the exported head is still there (the tail was not cut off).</summary>
    public void Complete()
    {
        if (!Failed && expectedHead is { } head && !headSeen)
        {
            Fail(head.Sequence, $"entry {head.Sequence}, the exported head, is missing: the chain was truncated after entry {expectedSequence - 1}");
        }
    }

    private bool Fail(long sequence, string problem)
    {
        FirstBadSequence = sequence;
        Problem = problem;
        return false;
    }
}

/// <summary>The chain's head digest as exported by <c>dx audit head</c>: <c>SEQUENCE:HASH</c>.</summary>
public sealed record AuditHead(long Sequence, string Hash)
{
    public override string ToString() => $"{Sequence}:{Hash}";

    public static bool TryParse(string? text, out AuditHead head)
    {
        head = new AuditHead(0, "");
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var sequence) || sequence < 1 || parts[1].Length != 64)
        {
            return false;
        }

        head = new AuditHead(sequence, parts[1].ToLowerInvariant());
        return true;
    }
}
