using System.Text;
using DataExchange.Domain.Errors;

namespace DataExchange.Domain.Records;

/// <summary>
/// The size of what one record may carry. Every stored version keeps the record as sent, and every read sends
/// it back with its history, so an unbounded value would be stored again per version until the agency's own
/// reads no longer fit in a reply. The limits are far above real exchange files (a record there is under 1 KB;
/// the longest column, an address, is bounded by <see cref="RecordIntake.MaxTextLength"/>) and are the same on
/// every channel. They are documented on ChildRecord in records.proto.
/// </summary>
public static class RecordLimits
{
    /// <summary>UTF-8 bytes of all of a record's text together: columns, agency columns, attribute names and values.</summary>
    public const int MaxRecordBytes = 64 * 1024;

    /// <summary>Extra columns (attributes) per record.</summary>
    public const int MaxAttributes = 100;

    /// <summary>Characters of an attribute's name.</summary>
    public const int MaxAttributeNameLength = 64;

    /// <summary>Characters of an attribute's value.</summary>
    public const int MaxAttributeValueLength = 2000;

    /// <summary>The error for a record too large to read at all, or null; nothing else is checked then.</summary>
    public static FieldError? CheckSize(SourceRecord raw)
    {
        long bytes = 0;
        foreach (var text in (string[])[raw.SourceId, raw.IdNumber, raw.Name, raw.Sex, raw.BirthDate, raw.RegionCode, raw.Address])
        {
            bytes += Encoding.UTF8.GetByteCount(text ?? "");
        }

        foreach (var (name, value) in raw.Details.Concat(raw.Attributes))
        {
            bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value ?? "");
        }

        return bytes > MaxRecordBytes
            ? new FieldError("record", $"is {bytes:N0} bytes of text; at most {MaxRecordBytes:N0} are allowed in one record")
            : null;
    }

    /// <summary>Adds one error per attribute that breaks a limit, and one for too many attributes.</summary>
    public static void CheckAttributes(IReadOnlyDictionary<string, string> attributes, List<FieldError> errors)
    {
        if (attributes.Count > MaxAttributes)
        {
            errors.Add(new("attributes", $"holds {attributes.Count} extra columns; at most {MaxAttributes} are allowed"));
            return;
        }

        foreach (var (name, value) in attributes)
        {
            var field = $"attributes[{Echo.Escape(name, MaxAttributeNameLength)}]";
            if (name.Trim().Length == 0)
            {
                errors.Add(new("attributes", "has an extra column without a name"));
            }
            else if (name.Length > MaxAttributeNameLength)
            {
                errors.Add(new(field, $"the name is {name.Length} characters long; at most {MaxAttributeNameLength} are allowed"));
            }
            else if (name.AsSpan().ContainsAnyInRange('\0', '\u001f'))
            {
                errors.Add(new(field, "the name holds a control character"));
            }

            if ((value ?? "").Length > MaxAttributeValueLength)
            {
                errors.Add(new(field, $"is {value!.Length} characters long; at most {MaxAttributeValueLength} are allowed"));
            }
        }
    }
}
