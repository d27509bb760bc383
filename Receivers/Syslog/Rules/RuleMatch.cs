using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Receivers.Syslog.Fail2banFilters;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>
/// One rule matching one message; <see cref="Failures"/> is non-zero when this failure completes a ban. An imported
/// fail2ban filter has no single <see cref="Match"/> (its failure may rest on earlier lines): it gives the user.
/// </summary>
internal readonly record struct RuleMatch(DetectionRule Rule, HostKey Host, Match? Match, int Failures, Fail2banFailure? Imported = null)
{
    public bool Bans => Failures > 0;

    /// <summary>The matched address (made on demand: most matches only count a failure).</summary>
    public BanAddress Address => Host.ToBanAddress();

    /// <summary>
    /// The captured user, or null. Read from the match only when asked: almost no caller wants it, and a string
    /// per matched line is a large share of the detection cost.
    /// </summary>
    public string? User
    {
        get
        {
            if (Match is null || Rule.UserGroup < 0)
            {
                return Imported?.User;
            }

            var group = Match.Groups[Rule.UserGroup];
            return group.Success ? group.Value : null;
        }
    }
}
