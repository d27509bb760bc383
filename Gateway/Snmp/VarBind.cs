namespace FirewallGateway.Snmp;

/// <summary>One variable binding: an OID and its value (RFC 3416 3).</summary>
public sealed record VarBind(Oid Oid, SnmpValue Value)
{
    /// <summary>A binding with a NULL value, as requests carry.</summary>
    public static VarBind Request(Oid oid) => new(oid, SnmpValue.Null);

    public override string ToString() => $"{Oid} = {Value.Kind}: {Value}";
}
