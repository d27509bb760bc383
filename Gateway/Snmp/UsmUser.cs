namespace FirewallGateway.Snmp;

/// <summary>
/// A USM user (RFC 3414) and its passwords. Passwords are secrets: <see cref="ToString"/> leaves them out so a
/// user logged by mistake leaks nothing.
/// </summary>
public sealed record UsmUser(string Name, AuthProtocol AuthProtocol, string AuthPassword, PrivProtocol PrivProtocol, string PrivPassword)
{
    /// <summary>RFC 3414 11.2: passwords shorter than 8 characters are refused (net-snmp refuses them too).</summary>
    public const int MinPasswordLength = 8;

    /// <summary>A noAuthNoPriv user.</summary>
    public static UsmUser NoAuth(string name) => new(name, AuthProtocol.None, "", PrivProtocol.None, "");

    /// <summary>The highest security level this user can speak.</summary>
    public SnmpV3Flags SecurityLevel =>
        AuthProtocol == AuthProtocol.None ? SnmpV3Flags.None
        : PrivProtocol == PrivProtocol.None ? SnmpV3Flags.Auth
        : SnmpV3Flags.AuthPriv;

    public override string ToString() => $"UsmUser {{ Name = {Name}, AuthProtocol = {AuthProtocol}, PrivProtocol = {PrivProtocol} }}";
}
