using System.Net;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Receivers.Syslog.Rules;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Rules;

/// <summary>
/// Reads an attacker address from a varbind value: an IpAddress, or an OctetString holding one address as text
/// (<c>1.0.1.9</c>, <c>2001:67c::1</c>, <c>::ffff:1.0.1.9</c>) or as 4/16 raw octets (InetAddressIPv4/IPv6).
/// Text is tried first; a CIDR block, a host name or anything else is not an address.
/// </summary>
internal static class TrapAddress
{
    private const int MaxTextLength = 64;

    public static bool TryRead(SnmpValue value, out HostKey host)
    {
        host = default;
        switch (value.Kind)
        {
            case SnmpValueKind.IpAddress:
                host = HostKey.From(BanAddress.FromAddress(value.AsIpAddress()));
                return true;
            case SnmpValueKind.OctetString:
                byte[] bytes = value.AsBytes();
                string? text = bytes.Length <= MaxTextLength ? AsciiText(bytes) : null;
                if (text is not null && HostKey.TryParse(text.Trim(), out host))
                {
                    return true;
                }

                // Raw InetAddress octets. Sixteen printable characters are text that is no address (a host name),
                // not an IPv6 address; four octets are taken even when printable (65.66.67.68 is "ABCD").
                if (bytes.Length == 4 || (bytes.Length == 16 && text is null))
                {
                    host = HostKey.From(BanAddress.FromAddress(new IPAddress(bytes)));
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private static string? AsciiText(byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return null;
            }
        }

        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
