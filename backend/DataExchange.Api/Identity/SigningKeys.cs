using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DataExchange.Api.Identity;

/// <summary>
/// Token keys. Production: certificates from PKCS#12 files named in configuration. Development (or an explicit
/// opt-in): RSA certificates generated on first start and persisted in the keys folder, so tokens survive restarts.
/// </summary>
public static class SigningKeys
{
    public static (X509Certificate2 Signing, X509Certificate2 Encryption) Load(IdentitySettings settings, IHostEnvironment environment)
    {
        if (settings.SigningCertificatePath is { Length: > 0 } signingPath && settings.EncryptionCertificatePath is { Length: > 0 } encryptionPath)
        {
            return (LoadFile(signingPath, settings.SigningCertificatePassword), LoadFile(encryptionPath, settings.EncryptionCertificatePassword));
        }

        if (!environment.IsDevelopment() && !settings.AllowGeneratedKeys)
        {
            throw new InvalidOperationException(
                "Identity:SigningCertificatePath and Identity:EncryptionCertificatePath must name PKCS#12 files outside Development (see docs/identity.md).");
        }

        DataExchange.Data.Providers.PrivateFiles.CreateFolder(settings.KeysFolder);
        return (LoadOrCreate(Path.Combine(settings.KeysFolder, "signing.pfx"), X509KeyUsageFlags.DigitalSignature, "CN=DataExchange development signing"),
                LoadOrCreate(Path.Combine(settings.KeysFolder, "encryption.pfx"), X509KeyUsageFlags.KeyEncipherment, "CN=DataExchange development encryption"));
    }

    private static X509Certificate2 LoadFile(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    private static X509Certificate2 LoadOrCreate(string path, X509KeyUsageFlags usage, string subject)
    {
        if (File.Exists(path))
        {
            return LoadFile(path, null);
        }

        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Two hosts starting at once: the first rename wins and both load the same file.
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return LoadFile(path, null);
    }
}
