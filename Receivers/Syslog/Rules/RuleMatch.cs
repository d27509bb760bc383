using System.Text.RegularExpressions;
using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Receivers.Syslog.Rules;

/// <summary>One rule matching one message; <see cref="Failures"/> is non-zero when this failure completes a ban.</summary>
internal readonly record struct RuleMatch(DetectionRule Rule, HostKey Host, Match Match, int Failures)
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
            if (Rule.UserGroup < 0)
            {
                return null;
            }

            var group = Match.Groups[Rule.UserGroup];
            return group.Success ? group.Value : null;
        }
    }
}
