using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Decisions;

namespace FirewallGateway.Receivers.Graylog;

/// <summary>
/// Turns the candidates of a notification into at most one report per distinct address, each keyed
/// <c>graylog:&lt;event id&gt;:&lt;address&gt;</c> so a retried notification is counted once; lists the rest as ignored.
/// </summary>
internal static partial class GraylogReportBuilder
{
    public const int MaxListedIgnored = 1000;

    public static (List<BanReport> Reports, List<IgnoredAddress> Ignored, int NotListed) Build(
        GraylogNotification notification, string reporter, DateTimeOffset now, GraylogReceiverOptions options)
    {
        var reports = new List<BanReport>();
        var ignored = new List<IgnoredAddress>();
        int notListed = 0;
        var seen = new HashSet<BanAddress>();
        var seenIgnored = new HashSet<string>(StringComparer.Ordinal);
        string title = Cut(notification.Title, 256);

        // Graylog ids are short (ULID, ObjectId); a longer one is hashed so the key stays bounded and distinct.
        string eventKey = notification.EventId.Length <= 128
            ? notification.EventId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notification.EventId)));

        void Ignore(string text, string from, string reason, string detail)
        {
            if (!seenIgnored.Add(reason + "\n" + text))
            {
                return;
            }

            if (ignored.Count < MaxListedIgnored)
            {
                ignored.Add(new IgnoredAddress(GraylogError.Shorten(text), from, reason, detail));
            }
            else
            {
                notListed++;
            }
        }

        foreach (var candidate in notification.Candidates)
        {
            if (!GraylogAddressExtractor.TryNormalise(candidate.Text, options.AllowRanges, out var address, out string reason, out string detail))
            {
                if (candidate.Strict)
                {
                    Ignore(candidate.Text, candidate.Origin, reason, detail);
                }

                continue;
            }

            if (seen.Contains(address))
            {
                continue;
            }

            if (notification.IsTest)
            {
                seen.Add(address);
                Ignore(address.ToString(), candidate.Origin, "test-notification", "Graylog's test notification is answered but never bans");
                continue;
            }

            if (reports.Count >= options.MaxAddressesPerNotification)
            {
                seen.Add(address);
                Ignore(address.ToString(), candidate.Origin, "limit",
                    $"more than {options.MaxAddressesPerNotification} addresses in one notification (Receivers:Graylog:MaxAddressesPerNotification)");
                continue;
            }

            seen.Add(address);
            reports.Add(new BanReport(address, reporter, ReportSource.Graylog, title, null, now)
            {
                Host = candidate.Host is { } host && HostPattern().IsMatch(host) ? host : null,
                Rule = title,
                Evidence = candidate.Evidence is { Length: > 0 } evidence ? Cut(evidence, options.MaxEvidenceLength) : null,
                DeduplicationKey = $"graylog:{eventKey}:{address}",
            });
        }

        return (reports, ignored, notListed);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,252}\z")]
    private static partial Regex HostPattern();
}
