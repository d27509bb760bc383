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

        foreach (string failure in RangeFoldingRules(options))
        {
            yield return failure;
        }

        for (int i = 0; i < options.AllowList.Count; i++)
        {
            if (!BanAddress.TryParse(options.AllowList[i].Address, out _))
            {
                yield return $"{SectionPath}:AllowList:{i}:Address '{options.AllowList[i].Address}' is not an IPv4/IPv6 address or CIDR block";
            }
        }
    }

    private IEnumerable<string> RangeFoldingRules(PolicyOptions options)
    {
        var folding = options.RangeFolding;
        string key = $"{SectionPath}:RangeFolding";
        if (folding.IPv4Prefix < options.MinimumIPv4Prefix || folding.IPv4Prefix > 31)
        {
            yield return $"{key}:IPv4Prefix /{folding.IPv4Prefix} must be between {SectionPath}:MinimumIPv4Prefix (/{options.MinimumIPv4Prefix}) and /31: a wider range would be refused as too broad";
        }
        else if (folding.IPv4MinAddresses < 2 || folding.IPv4MinAddresses > 1L << (32 - folding.IPv4Prefix))
        {
            yield return $"{key}:IPv4MinAddresses {folding.IPv4MinAddresses} must be between 2 and {1L << (32 - folding.IPv4Prefix)}, the addresses in a /{folding.IPv4Prefix}";
        }

        if (folding.IPv6Prefix < options.MinimumIPv6Prefix || folding.IPv6Prefix > 127)
        {
            yield return $"{key}:IPv6Prefix /{folding.IPv6Prefix} must be between {SectionPath}:MinimumIPv6Prefix (/{options.MinimumIPv6Prefix}) and /127: a wider range would be refused as too broad";
        }
        else if (folding.IPv6MinAddresses < 2 || folding.IPv6MinAddresses > Math.Min(1_000_000, Math.Pow(2, 128 - folding.IPv6Prefix)))
        {
            yield return $"{key}:IPv6MinAddresses {folding.IPv6MinAddresses} must be between 2 and {Math.Min(1_000_000, Math.Pow(2, 128 - folding.IPv6Prefix))}";
        }

        for (int i = 0; i < folding.Targets.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(folding.Targets[i]))
            {
                yield return $"{key}:Targets:{i} is empty: name a configured target";
            }
        }
    }
}
