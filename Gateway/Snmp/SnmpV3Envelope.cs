namespace FirewallGateway.Snmp;

/// <summary>
/// A decoded SNMPv3 message before security processing. Nothing in it is authenticated yet: pass it to
/// <see cref="Usm.Verify"/> and <see cref="Usm.Decrypt"/> with the user's localised keys. When the message is
/// encrypted <see cref="ScopedPdu"/> is null and <see cref="EncryptedScopedPdu"/> holds the ciphertext.
/// </summary>
public sealed record SnmpV3Envelope(
    int MessageId,
    int MaxSize,
    SnmpV3Flags Flags,
    UsmSecurityParameters Security,
    ScopedPdu? ScopedPdu,
    ReadOnlyMemory<byte> EncryptedScopedPdu) : SnmpMessage
{
    /// <summary>The whole message as received: the HMAC covers it (RFC 3414 6.3.2).</summary>
    public ReadOnlyMemory<byte> WholeMessage { get; init; }

    /// <summary>Where the msgAuthenticationParameters content starts in <see cref="WholeMessage"/>.</summary>
    public int AuthenticationParametersOffset { get; init; }

    /// <summary>Whether the message asks for a Report on failure (RFC 3412 7.1 step 3).</summary>
    public bool IsReportable => Flags.HasFlag(SnmpV3Flags.Reportable);
}
