using System.Security.Cryptography;
using System.Text;

namespace DataExchange.Reconciliation.Children;

/// <summary>
/// A conflict's or alert's stable key as stored: the key itself when short, else its head and a SHA-256 of the
/// whole, so that a conflict between many records still fits the indexed column (400 characters) and stays stable.
/// </summary>
public static class StoredKey
{
    public const int MaxLength = 400;

    public static string Of(string key) => key.Length <= MaxLength
        ? key
        : key[..(MaxLength - 65)] + "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
