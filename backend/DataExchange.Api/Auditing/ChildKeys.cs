using System.Security.Cryptography;
using System.Text;
using DataExchange.Api.Identity;
using DataExchange.Domain.Identifiers;

namespace DataExchange.Api.Auditing;

/// <summary>
/// Salted keys for children in audit entries: HMAC-SHA256 of the normalised ID number under a secret salt, so an
/// entry never holds the number, yet an auditor holding the number finds every entry about that child.
/// </summary>
public sealed class ChildKeys
{
    private readonly byte[] salt;

    public ChildKeys(IConfiguration configuration, IdentitySettings settings)
    {
        var configured = configuration["Audit:ChildKeySalt"];
        if (!string.IsNullOrEmpty(configured))
        {
            salt = Encoding.UTF8.GetBytes(configured);
            return;
        }

        DataExchange.Data.Providers.PrivateFiles.CreateFolder(settings.KeysFolder);
        var file = Path.Combine(settings.KeysFolder, "child-key-salt.bin");
        if (!File.Exists(file))
        {
            File.WriteAllBytes(file, RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        salt = File.ReadAllBytes(file);
    }

    /// <summary>The key of the child with this ID number; null when there is none.</summary>
    public string? For(string? idNumber)
    {
        var normalized = CitizenIdNumber.Normalize(idNumber ?? "");
        return normalized.Length == 0 ? null : "k:" + Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(normalized)))[..32];
    }
}
