namespace FirewallGateway.Snmp;

/// <summary>
/// A PDU (RFC 3416 3). For <see cref="PduType.GetBulkRequest"/> the wire reuses the two error fields:
/// <see cref="ErrorStatus"/> carries non-repeaters and <see cref="ErrorIndex"/> max-repetitions.
/// </summary>
public sealed record Pdu(PduType Type, int RequestId, int ErrorStatus, int ErrorIndex, IReadOnlyList<VarBind> VarBinds)
{
    /// <summary>A request of <paramref name="type"/> for <paramref name="oids"/>, each bound to NULL.</summary>
    public static Pdu Request(PduType type, int requestId, IEnumerable<Oid> oids) =>
        new(type, requestId, 0, 0, oids.Select(VarBind.Request).ToArray());

    /// <summary>Whether the agent reported an error (RFC 3416 error-status other than noError).</summary>
    public bool HasError => Type != PduType.GetBulkRequest && ErrorStatus != 0;
}
