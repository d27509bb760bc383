using FirewallGateway.Snmp.Security;

namespace FirewallGateway.Snmp;

/// <summary>
/// The User-based Security Model (RFC 3414) on decoded envelopes: key localisation, digest check, decryption and
/// the time window. Every refusal is a <see cref="UsmException"/> naming the usmStats failure.
/// </summary>
public static class Usm
{
    /// <summary>RFC 3414 2.2.3: messages more than 150 seconds off the engine's clock are refused.</summary>
    public const int TimeWindowSeconds = 150;

    /// <summary>RFC 3414 2.2.2: boots at this value means the engine must be reconfigured; nothing is in time.</summary>
    public const int MaxEngineBoots = int.MaxValue;

    /// <summary>RFC 3414 A.2: the key made from a password (Ku), before localisation.</summary>
    public static byte[] PasswordToKey(AuthProtocol protocol, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return UsmKeyLocalization.PasswordToKey(protocol, password);
    }

    /// <summary>RFC 3414 2.6: Kul = H(Ku || engineID || Ku).</summary>
    public static byte[] LocalizeKey(AuthProtocol protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> engineId) =>
        UsmKeyLocalization.Localize(protocol, key, engineId);

    /// <summary>The user's auth and priv keys for the engine <paramref name="engineId"/>.</summary>
    /// <exception cref="ArgumentException">A password is shorter than <see cref="UsmUser.MinPasswordLength"/>.</exception>
    public static UsmLocalizedKeys LocalizeKeys(UsmUser user, ReadOnlySpan<byte> engineId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.AuthProtocol == AuthProtocol.None)
        {
            return new UsmLocalizedKeys(AuthProtocol.None, [], PrivProtocol.None, []);
        }

        CheckPassword(user.AuthPassword, "authentication");
        byte[] authKey = LocalizeKey(user.AuthProtocol, PasswordToKey(user.AuthProtocol, user.AuthPassword), engineId);
        byte[] privKey = [];
        if (user.PrivProtocol != PrivProtocol.None)
        {
            CheckPassword(user.PrivPassword, "privacy");
            // RFC 3826 1.2: the privacy key is made with the user's authentication hash.
            privKey = LocalizeKey(user.AuthProtocol, PasswordToKey(user.AuthProtocol, user.PrivPassword), engineId);
        }

        return new UsmLocalizedKeys(user.AuthProtocol, authKey, user.PrivProtocol, privKey);
    }

    /// <summary>
    /// Checks that the envelope is for <paramref name="user"/> at a level the user supports and, when it is
    /// authenticated, that its digest matches (RFC 3414 3.2 steps 3, 5, 6). The engine ID and time window (steps
    /// 3 and 7) depend on which side is authoritative, so they are the caller's: see <see cref="IsInTimeWindow"/>.
    /// </summary>
    /// <exception cref="UsmException">UnknownUserName, UnsupportedSecurityLevel or WrongDigest.</exception>
    public static void Verify(SnmpV3Envelope envelope, UsmUser user, UsmLocalizedKeys keys)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(keys);
        if (!string.Equals(envelope.Security.UserName, user.Name, StringComparison.Ordinal))
        {
            throw new UsmException(UsmFailure.UnknownUserName, $"the message is for user '{envelope.Security.UserName}', not '{user.Name}'");
        }

        SnmpV3Flags asked = envelope.Flags & SnmpV3Flags.AuthPriv;
        if ((asked & ~user.SecurityLevel) != 0)
        {
            throw new UsmException(UsmFailure.UnsupportedSecurityLevel, $"user '{user.Name}' cannot do security level {asked}");
        }

        if (asked.HasFlag(SnmpV3Flags.Auth) && !UsmAuthentication.IsValid(envelope, keys))
        {
            throw new UsmException(UsmFailure.WrongDigest, $"wrong digest for user '{user.Name}'");
        }
    }

    /// <summary>
    /// The ScopedPDU of a verified envelope, decrypted when the message is encrypted (RFC 3826 3.1.4).
    /// Call <see cref="Verify"/> first: decryption does not authenticate.
    /// </summary>
    /// <exception cref="UsmException">DecryptionError: bad salt, or a plaintext that is not a ScopedPDU.</exception>
    public static ScopedPdu Decrypt(SnmpV3Envelope envelope, UsmUser user, UsmLocalizedKeys keys)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(keys);
        bool encrypted = envelope.Flags.HasFlag(SnmpV3Flags.Priv);
        if (!encrypted)
        {
            return envelope.ScopedPdu
                ?? throw new UsmException(UsmFailure.DecryptionError, "an encrypted PDU in a message not flagged for privacy");
        }

        if (envelope.ScopedPdu is not null || keys.PrivProtocol == PrivProtocol.None)
        {
            throw new UsmException(UsmFailure.DecryptionError, "a message flagged for privacy without an encrypted PDU, or a user without privacy");
        }

        UsmSecurityParameters security = envelope.Security;
        byte[] plaintext = UsmPrivacy.Decrypt(
            envelope.EncryptedScopedPdu.Span, security.PrivacyParameters.Span, keys, security.EngineBoots, security.EngineTime);
        try
        {
            return SnmpCodec.DecodeScopedPdu(plaintext);
        }
        catch (Exception ex) when (ex is not UsmException)
        {
            // A wrong privacy password decrypts to noise: that is a decryption error, not a malformed packet.
            throw new UsmException(UsmFailure.DecryptionError, $"the decrypted PDU for user '{user.Name}' does not decode", ex);
        }
    }

    /// <summary><see cref="Verify"/> then <see cref="Decrypt"/>.</summary>
    public static ScopedPdu Open(SnmpV3Envelope envelope, UsmUser user, UsmLocalizedKeys keys)
    {
        Verify(envelope, user, keys);
        return Decrypt(envelope, user, keys);
    }

    /// <summary>
    /// The authoritative engine's time-window check (RFC 3414 3.2 step 7a): same boots, clocks within 150 s,
    /// boots not at its maximum.
    /// </summary>
    public static bool IsInTimeWindow(int messageBoots, int messageTime, int localBoots, int localTime) =>
        localBoots != MaxEngineBoots
        && messageBoots == localBoots
        && Math.Abs((long)messageTime - localTime) <= TimeWindowSeconds;

    private static void CheckPassword(string password, string what)
    {
        if (password is null || password.Length < UsmUser.MinPasswordLength)
        {
            throw new ArgumentException($"the {what} password must have at least {UsmUser.MinPasswordLength} characters");
        }
    }
}
