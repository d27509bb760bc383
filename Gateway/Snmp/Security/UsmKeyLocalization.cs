using System.Security.Cryptography;
using System.Text;

namespace FirewallGateway.Snmp.Security;

/// <summary>Password to key and key localisation (RFC 3414 A.2, 2.6; RFC 7860 for SHA-256).</summary>
internal static class UsmKeyLocalization
{
    /// <summary>RFC 3414 A.2: the password is repeated to fill one megabyte, and the hash of that is the key.</summary>
    private const int ExpandedPasswordLength = 1024 * 1024;

    public static byte[] PasswordToKey(AuthProtocol protocol, string password)
    {
        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        if (passwordBytes.Length == 0)
        {
            throw new ArgumentException("an empty password cannot make a key", nameof(password));
        }

        using IncrementalHash hash = IncrementalHash.CreateHash(HashOf(protocol));
        // Feed the repeated password in 64-byte blocks, as the RFC's reference code does.
        Span<byte> block = stackalloc byte[64];
        int index = 0;
        for (int count = 0; count < ExpandedPasswordLength; count += block.Length)
        {
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = passwordBytes[index++ % passwordBytes.Length];
            }

            hash.AppendData(block);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>RFC 3414 2.6: Kul = H(Ku || engineID || Ku).</summary>
    public static byte[] Localize(AuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> engineId)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashOf(protocol));
        hash.AppendData(key);
        hash.AppendData(engineId);
        hash.AppendData(key);
        return hash.GetHashAndReset();
    }

    public static HashAlgorithmName HashOf(AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Sha1 => HashAlgorithmName.SHA1,
        AuthProtocol.Sha256 => HashAlgorithmName.SHA256,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "no hash for this authentication protocol"),
    };
}
