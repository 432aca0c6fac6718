using System.Security.Cryptography;
using System.Text;
using DataExchange.Data.Audit;
using DataExchange.Data.Entities;

namespace DataExchange.Data.Tests.Audit;

/// <summary>
/// An entry's hash is SHA-256 of its canonical JSON's UTF-8, whatever way it is computed: chains already stored verify
/// with it, so hashing the serializer's UTF-8 directly must give exactly the bytes of the string re-encoded.
/// </summary>
public sealed class AuditHashTests
{
    [Theory]
    [InlineData("c:C01a23bb6e981758097e3657d8663a0fd,k:4f2a", "", "")]
    [InlineData("c:张伟,k:\"quoted\" \\ back", "purpose <&> 'ref'", "tab\there, newline\n, nul\u0001, emoji \U0001F600")]
    public void TheHashIsSha256OfTheCanonicalJsonsUtf8(string children, string purposeReference, string detail)
    {
        var entry = new AuditEntryEntity
        {
            Sequence = 42, OccurredAt = new DateTime(2026, 12, 3, 12, 0, 0, 123, DateTimeKind.Utc), PrincipalKind = "client", Principal = "bench-civil-affairs",
            Agency = "civil_affairs", Rpc = "/dataexchange.v1.ChildDirectory/GetChild", Purpose = "active_discovery", PurposeReference = purposeReference,
            Grants = "0b9c0d2e-0000-4000-8000-000000000001", Children = children, FieldGroups = "contact,identity", Outcome = "OK", Detail = detail,
            PreviousHash = AuditHash.Genesis, Hash = "",
        };

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AuditHash.Canonical(entry))));

        Assert.Equal(expected, AuditHash.Compute(entry));
        Assert.Equal(64, expected.Length);
    }
}
