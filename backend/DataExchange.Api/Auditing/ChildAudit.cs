using DataExchange.Reconciliation.Children;

namespace DataExchange.Api.Auditing;

/// <summary>How an entry names a child it disclosed: by its id and the salted key of every ID number its records carry.</summary>
public static class ChildAudit
{
    /// <summary>
    /// Adds the child's id and keys once each, so an auditor asking about a child by any of its numbers finds the call.
    /// </summary>
    public static void NameChild(this CallAudit audit, ChildView child, ChildKeys keys)
    {
        var names = new List<string> { "c:" + child.PublicId };
        names.AddRange(child.Records.Select(record => keys.For(record.Values.GetValueOrDefault("id_number"))).OfType<string>());
        audit.Children.AddRange(names.Distinct().Except(audit.Children));
    }
}
