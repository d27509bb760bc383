using System.Security.Cryptography;
using System.Text;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// Bouncer API keys: 32 random bytes as hex, like <c>cscli bouncers add</c> prints. The store keeps only their
/// SHA-256: a key is high-entropy, so a fast hash is enough, and a pull looks its bouncer up by that hash.
/// </summary>
internal static class BouncerKeys
{
    /// <summary>Shortest key an operator may choose; generated keys are 64 characters.</summary>
    public const int MinimumLength = 16;

    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
