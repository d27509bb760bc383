using System.Globalization;
using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>
/// Validates the fields of a fail2ban report and builds the <see cref="BanReport"/>. Names are checked against
/// strict patterns and the address must be a canonical IPv4/IPv6 address or CIDR block, so nothing a reporter
/// sends can later reach a firewall command except a parsed address.
/// </summary>
internal static partial class Fail2banReportMapper
{
    public static (BanReport? Report, Fail2banError? Error) Map(
        Fail2banFields fields, string reporter, DateTimeOffset now, Fail2banReceiverOptions options)
    {
        if (string.IsNullOrEmpty(fields.Ip))
        {
            return (null, Fail2banError.Invalid("ip", "is required"));
        }

        if (!BanAddress.TryParse(fields.Ip, out var address))
        {
            return (null, Fail2banError.Invalid("ip", $"'{Fail2banError.Shorten(fields.Ip)}' is not an IPv4/IPv6 address or CIDR block"));
        }

        if (Check("jail", fields.Jail, NamePattern()) is { } jailError)
        {
            return (null, jailError);
        }

        if (Check("protocol", fields.Protocol, ProtocolPattern()) is { } protocolError)
        {
            return (null, protocolError);
        }

        if (Check("port", fields.Port, PortPattern()) is { } portError)
        {
            return (null, portError);
        }

        if (Check("host", fields.Host, HostPattern()) is { } hostError)
        {
            return (null, hostError);
        }

        TimeSpan? duration = null;
        if (!string.IsNullOrEmpty(fields.Bantime))
        {
            if (!long.TryParse(fields.Bantime, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                || seconds == 0 || seconds < -1 || seconds > (long)TimeSpan.MaxValue.TotalSeconds)
            {
                return (null, Fail2banError.Invalid("bantime", "must be a whole number of seconds, or -1 for permanent"));
            }

            // fail2ban's -1 is "forever": the policy maximum is the longest the gateway ever bans.
            duration = seconds == -1 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
        }

        int? failures = null;
        if (!string.IsNullOrEmpty(fields.Failures))
        {
            if (!int.TryParse(fields.Failures, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                return (null, Fail2banError.Invalid("failures", "must be a whole number"));
            }

            failures = count;
        }

        string? evidence = fields.Matches is { Length: > 0 } matches
            ? matches.Length <= options.MaxEvidenceLength ? matches : matches[..options.MaxEvidenceLength]
            : null;
        string jail = string.IsNullOrEmpty(fields.Jail) ? "fail2ban" : fields.Jail;
        var report = new BanReport(address, reporter, ReportSource.Fail2ban, jail, duration, now)
        {
            Host = string.IsNullOrEmpty(fields.Host) ? reporter : fields.Host,
            Rule = jail,
            Protocol = NullIfEmpty(fields.Protocol),
            Port = NullIfEmpty(fields.Port),
            Failures = failures,
            Evidence = evidence,
        };
        return (report, null);
    }

    private static Fail2banError? Check(string field, string? value, Regex pattern) =>
        string.IsNullOrEmpty(value) || pattern.IsMatch(value)
            ? null
            : Fail2banError.Invalid(field, $"'{Fail2banError.Shorten(value)}' does not match {pattern}");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[a-z0-9]{1,16}\z")]
    private static partial Regex ProtocolPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9,:_-]{0,127}\z")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9.-]{0,252}\z")]
    private static partial Regex HostPattern();
}
