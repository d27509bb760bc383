using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Security;

/// <summary>The protocol names accepted in <c>Users:&lt;n&gt;:AuthProtocol</c>/<c>PrivProtocol</c>, as net-snmp spells them (<c>-a SHA -x AES</c>).</summary>
internal static class UserProtocols
{
    public const string AuthNames = "SHA or SHA-256";
    public const string PrivNames = "AES or None";

    public static bool TryParseAuth(string? text, out AuthProtocol protocol)
    {
        protocol = text?.Trim().ToUpperInvariant() switch
        {
            "SHA" or "SHA1" or "SHA-1" => AuthProtocol.Sha1,
            "SHA-256" or "SHA256" => AuthProtocol.Sha256,
            _ => AuthProtocol.None,
        };
        return protocol != AuthProtocol.None;
    }

    /// <summary>True for a known name; <paramref name="protocol"/> is <see cref="PrivProtocol.None"/> for "None".</summary>
    public static bool TryParsePriv(string? text, out PrivProtocol protocol)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "AES" or "AES128" or "AES-128":
                protocol = PrivProtocol.Aes128;
                return true;
            case "NONE":
                protocol = PrivProtocol.None;
                return true;
            default:
                protocol = PrivProtocol.None;
                return false;
        }
    }
}
