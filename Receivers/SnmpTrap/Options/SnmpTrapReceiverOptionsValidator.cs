using System.Diagnostics.CodeAnalysis;
using System.Net;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Options;
using FirewallGateway.Receivers.SnmpTrap.Rules;
using FirewallGateway.Receivers.SnmpTrap.Security;

namespace FirewallGateway.Receivers.SnmpTrap;

/// <summary>Checks the whole <c>Receivers:SnmpTrap</c> section, compiling every rule, and names each bad key.</summary>
internal sealed class SnmpTrapReceiverOptionsValidator : SectionValidator<SnmpTrapReceiverOptions>
{
    public SnmpTrapReceiverOptionsValidator()
        : base(SnmpTrapReceiverOptions.SectionName)
    {
    }

    /// <summary>The listen endpoint, or null when <c>Listen</c> is not <c>address:port</c>.</summary>
    public static IPEndPoint? ToEndPoint(string? listen)
    {
        string text = listen?.Trim() ?? string.Empty;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port > 65_535)
        {
            return null;
        }

        // IPv6 needs brackets ([::]:162): without them "::1:162" could be read two ways.
        string host = text[..colon];
        bool bracketed = host.Length > 2 && host[0] == '[' && host[^1] == ']';
        host = bracketed ? host[1..^1] : host;
        return IPAddress.TryParse(host, out var address) && bracketed == host.Contains(':') ? new IPEndPoint(address, port) : null;
    }

    protected override IEnumerable<string> ValidateMore(SnmpTrapReceiverOptions options)
    {
        var errors = new List<string>();
        if (ToEndPoint(options.Listen) is null)
        {
            errors.Add($"{SectionPath}:Listen '{options.Listen}' is not address:port (use [::]:162, 0.0.0.0:162 or 127.0.0.1:1162)");
        }

        for (int i = 0; i < options.AllowedSenders.Count; i++)
        {
            if (!BanAddress.TryParse(options.AllowedSenders[i]?.Trim(), out _))
            {
                errors.Add($"{SectionPath}:AllowedSenders:{i} '{options.AllowedSenders[i]}' is not an IPv4/IPv6 address or CIDR block");
            }
        }

        for (int i = 0; i < options.Communities.Count; i++)
        {
            if (string.IsNullOrEmpty(options.Communities[i]) || options.Communities[i].Length > 255)
            {
                errors.Add($"{SectionPath}:Communities:{i}: a community is 1 to 255 characters");
            }
        }

        if (!string.IsNullOrEmpty(options.EngineId) && !LocalEngine.TryParseHex(options.EngineId, out _))
        {
            errors.Add($"{SectionPath}:EngineId '{options.EngineId}' is not 5 to 32 octets in hex");
        }

        Users(options.Users, errors);
        foreach (var (name, rule) in options.Rules)
        {
            Annotations(rule, $"{SectionPath}:Rules:{name}", errors);
        }

        TrapRuleSetBuilder.Build(options, errors);
        if (options.Enabled && options.Communities.Count == 0 && options.Users.Count == 0)
        {
            errors.Add($"{SectionPath}:Communities and {SectionPath}:Users are both empty: every trap would be refused");
        }

        if (options.Enabled && options.Rules.Values.All(r => !r.Enabled))
        {
            errors.Add($"{SectionPath}:Rules has no enabled rule: no trap could ever name an address");
        }

        return errors;
    }

    private void Users(List<SnmpTrapUserOptions> users, List<string> errors)
    {
        var seen = new HashSet<(string, string)>();
        for (int i = 0; i < users.Count; i++)
        {
            var user = users[i];
            string key = $"{SectionPath}:Users:{i}";
            Annotations(user, key, errors);
            if (!UserProtocols.TryParseAuth(user.AuthProtocol, out _))
            {
                errors.Add($"{key}:AuthProtocol '{user.AuthProtocol}' is not {UserProtocols.AuthNames}");
            }

            if (!UserProtocols.TryParsePriv(user.PrivProtocol, out var priv))
            {
                errors.Add($"{key}:PrivProtocol '{user.PrivProtocol}' is not {UserProtocols.PrivNames}");
            }
            else if (priv != Snmp.PrivProtocol.None && (user.PrivPassword?.Length ?? 0) < 8)
            {
                errors.Add($"{key}:PrivPassword: required with PrivProtocol {user.PrivProtocol}, at least 8 characters");
            }

            string engine = string.Empty;
            if (!string.IsNullOrEmpty(user.EngineId))
            {
                if (!LocalEngine.TryParseHex(user.EngineId, out byte[] id))
                {
                    errors.Add($"{key}:EngineId '{user.EngineId}' is not 5 to 32 octets in hex");
                }

                engine = Convert.ToHexString(id);
            }

            if (!seen.Add((user.Name, engine)))
            {
                errors.Add($"{key}: user '{user.Name}' is listed twice for the same EngineId");
            }
        }
    }

    private static void Annotations<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T value, string key, List<string> errors)
        where T : class =>
        Syslog.SyslogReceiverOptionsValidator.Annotations(value, key, errors);
}
