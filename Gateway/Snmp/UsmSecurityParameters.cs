namespace FirewallGateway.Snmp;

/// <summary>
/// UsmSecurityParameters (RFC 3414 2.4): the authoritative engine's ID, boots and time, the user, and the
/// authentication (HMAC) and privacy (salt) parameters as they were on the wire.
/// </summary>
public sealed record UsmSecurityParameters(
    ReadOnlyMemory<byte> EngineId,
    int EngineBoots,
    int EngineTime,
    string UserName,
    ReadOnlyMemory<byte> AuthenticationParameters,
    ReadOnlyMemory<byte> PrivacyParameters)
{
    /// <summary>The parameters of a discovery request (RFC 3414 4): no engine, no user, nothing signed.</summary>
    public static UsmSecurityParameters Discovery { get; } = new(ReadOnlyMemory<byte>.Empty, 0, 0, "", default, default);

    /// <summary>Parameters for an outgoing message to the engine <paramref name="engineId"/>; the codec fills auth and priv.</summary>
    public static UsmSecurityParameters For(ReadOnlyMemory<byte> engineId, int boots, int time, string userName) =>
        new(engineId, boots, time, userName, default, default);
}
