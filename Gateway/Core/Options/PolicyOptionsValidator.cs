using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Core.Options;

/// <summary>Checks <see cref="PolicyOptions"/>: ranges, and every allow-list address parses.</summary>
public sealed class PolicyOptionsValidator() : SectionValidator<PolicyOptions>(PolicyOptions.SectionName)
{
    protected override IEnumerable<string> ValidateMore(PolicyOptions options)
    {
        if (options.MinimumBanDuration > options.MaximumBanDuration)
        {
            yield return $"{SectionPath}:MinimumBanDuration must not be longer than {SectionPath}:MaximumBanDuration";
        }

        if (options.IPv6BanPrefix < options.MinimumIPv6Prefix)
        {
            yield return $"{SectionPath}:IPv6BanPrefix /{options.IPv6BanPrefix} is wider than {SectionPath}:MinimumIPv6Prefix /{options.MinimumIPv6Prefix}: every widened ban would be refused as too broad";
        }

        foreach (var (target, max) in options.TargetMaxEntries)
        {
            if (max is < 1 or > 10_000_000)
            {
                yield return $"{SectionPath}:TargetMaxEntries:{target} {max} must be between 1 and 10000000";
            }
        }

        for (int i = 0; i < options.AllowList.Count; i++)
        {
            if (!BanAddress.TryParse(options.AllowList[i].Address, out _))
            {
                yield return $"{SectionPath}:AllowList:{i}:Address '{options.AllowList[i].Address}' is not an IPv4/IPv6 address or CIDR block";
            }
        }
    }
}
