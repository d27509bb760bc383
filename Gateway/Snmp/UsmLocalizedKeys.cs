namespace FirewallGateway.Snmp;

/// <summary>
/// A user's keys localised for one authoritative engine (RFC 3414 2.6): what signs and encrypts messages to or
/// from that engine. Made by <see cref="Usm.LocalizeKeys"/>; cache it per engine, the password hashing is slow
/// on purpose (a megabyte of hashing per password).
/// </summary>
public sealed class UsmLocalizedKeys
{
    private readonly byte[] _authKey;
    private readonly byte[] _privKey;

    public UsmLocalizedKeys(AuthProtocol authProtocol, ReadOnlySpan<byte> authKey, PrivProtocol privProtocol, ReadOnlySpan<byte> privKey)
    {
        AuthProtocol = authProtocol;
        PrivProtocol = privProtocol;
        _authKey = authKey.ToArray();
        _privKey = privKey.ToArray();
    }

    public AuthProtocol AuthProtocol { get; }

    public PrivProtocol PrivProtocol { get; }

    /// <summary>The localised authentication key (Kul).</summary>
    public ReadOnlySpan<byte> AuthKey => _authKey;

    /// <summary>The localised privacy key; AES-128 uses its first 16 bytes.</summary>
    public ReadOnlySpan<byte> PrivKey => _privKey;

    public override string ToString() => $"UsmLocalizedKeys {{ {AuthProtocol}, {PrivProtocol} }}";
}
