using System.Diagnostics.CodeAnalysis;

namespace FirewallGateway.Snmp;

/// <summary>msgFlags (RFC 3412 6.4): the security level and whether a Report may be sent back.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "RFC 3412 names the field msgFlags.")]
public enum SnmpV3Flags : byte
{
    None = 0,
    Auth = 1,
    Priv = 2,
    Reportable = 4,

    AuthPriv = Auth | Priv,
}
