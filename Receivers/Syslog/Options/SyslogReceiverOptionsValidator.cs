using System.Diagnostics.CodeAnalysis;
using System.Net;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Options;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog;

/// <summary>Checks the whole <c>Receivers:Syslog</c> section, compiling every rule, and names each bad key.</summary>
internal sealed class SyslogReceiverOptionsValidator : SectionValidator<SyslogReceiverOptions>
{
    public SyslogReceiverOptionsValidator()
        : base(SyslogReceiverOptions.SectionName)
    {
    }

    protected override IEnumerable<string> ValidateMore(SyslogReceiverOptions options)
    {
        var errors = new List<string>();
        Endpoint(options.Udp, "Udp", errors);
        Endpoint(options.Tcp, "Tcp", errors);
        for (int i = 0; i < options.AllowedSenders.Count; i++)
        {
            if (!BanAddress.TryParse(options.AllowedSenders[i]?.Trim(), out _))
            {
                errors.Add($"{SectionPath}:AllowedSenders:{i} '{options.AllowedSenders[i]}' is not an IPv4/IPv6 address or CIDR block");
            }
        }

        foreach (var (name, rule) in options.Rules)
        {
            Annotations(rule, $"{SectionPath}:Rules:{name}", errors);
        }

        // Validity only: imported filters are parsed here and compiled once when the receiver starts.
        RuleSetBuilder.Build(options, errors, [], System.Text.RegularExpressions.RegexOptions.None);
        return errors;
    }

    /// <summary>The bound address as an endpoint, or null when the text is not an IP address.</summary>
    public static IPEndPoint? ToEndPoint(SyslogEndpointOptions endpoint) =>
        IPAddress.TryParse(endpoint.Address, out var address) ? new IPEndPoint(address, endpoint.Port) : null;

    private void Endpoint(SyslogEndpointOptions endpoint, string name, List<string> errors)
    {
        Annotations(endpoint, $"{SectionPath}:{name}", errors);
        if (ToEndPoint(endpoint) is null)
        {
            errors.Add($"{SectionPath}:{name}:Address '{endpoint.Address}' is not an IP address (use 127.0.0.1, ::1, 0.0.0.0 or ::)");
        }
    }

    /// <summary>Runs a nested object's DataAnnotations, naming each failure by its full key (also for the SNMP trap section).</summary>
    internal static void Annotations<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T value, string key, List<string> errors)
        where T : class =>
        errors.AddRange(OptionsAnnotations.Validate(value, key));
}
