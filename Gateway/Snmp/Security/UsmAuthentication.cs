using System.Security.Cryptography;

namespace FirewallGateway.Snmp.Security;

/// <summary>HMAC-SHA-96 (RFC 3414 7.3) and HMAC-SHA-256-192 (RFC 7860 4.2) over the whole message.</summary>
internal static class UsmAuthentication
{
    public static int DigestLength(AuthProtocol protocol) => protocol switch
    {
        AuthProtocol.Sha1 => 12,
        AuthProtocol.Sha256 => 24,
        _ => 0,
    };

    /// <summary>Computes the digest of <paramref name="wire"/> (auth parameters zeroed) and writes it in place.</summary>
    public static void Sign(byte[] wire, int authParametersOffset, UsmLocalizedKeys keys)
    {
        int length = DigestLength(keys.AuthProtocol);
        wire.AsSpan(authParametersOffset, length).Clear();
        Digest(wire, keys)[..length].CopyTo(wire.AsSpan(authParametersOffset));
    }

    /// <summary>Whether the received digest matches; compared in fixed time so timing reveals nothing.</summary>
    public static bool IsValid(SnmpV3Envelope envelope, UsmLocalizedKeys keys)
    {
        int length = DigestLength(keys.AuthProtocol);
        ReadOnlySpan<byte> received = envelope.Security.AuthenticationParameters.Span;
        if (length == 0 || received.Length != length)
        {
            return false;
        }

        byte[] copy = envelope.WholeMessage.ToArray();
        copy.AsSpan(envelope.AuthenticationParametersOffset, length).Clear();
        return CryptographicOperations.FixedTimeEquals(Digest(copy, keys)[..length], received);
    }

    // HMAC-SHA-1 is what usmHMACSHAAuthProtocol is, and what RouterOS and most agents speak; SHA-256 is offered too.
#pragma warning disable CA5350
    private static ReadOnlySpan<byte> Digest(byte[] message, UsmLocalizedKeys keys) => keys.AuthProtocol switch
    {
        AuthProtocol.Sha1 => HMACSHA1.HashData(keys.AuthKey, message),
        AuthProtocol.Sha256 => HMACSHA256.HashData(keys.AuthKey, message),
        _ => throw new InvalidOperationException("no authentication protocol"),
    };
#pragma warning restore CA5350
}
