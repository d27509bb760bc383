namespace FirewallGateway.Adapters.Nftables.Tests;

/// <summary>
/// A hand-written nft double for the adapter's decision logic: refuses any script that mentions one of the
/// poisoned addresses (as nft refuses a whole transaction), and records every batch script (not the
/// one-time timeout probe).
/// </summary>
internal sealed class ScriptedNftRunner : INftRunner
{
    public HashSet<string> Poisoned { get; } = [];

    public bool SetsMissing { get; set; }

    public Exception? TransportFailure { get; set; }

    public List<string> Scripts { get; } = [];

    public Task<NftResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        if (TransportFailure is not null)
        {
            throw TransportFailure;
        }

        if (arguments.Contains(TimeoutUpdateProbe.ProbeSet))
        {
            // A kernel that replaces timeouts on a repeated add.
            return Task.FromResult(new NftResult(0, """{"nftables": [{"set": {"elem": [{"elem": {"val": "1.0.0.1", "timeout": 3600, "expires": 3599}}]}}]}""", ""));
        }

        if (arguments.Contains("list"))
        {
            return Task.FromResult(SetsMissing
                ? new NftResult(1, "", "Error: No such file or directory\n")
                : new NftResult(0, """{"nftables": []}""", ""));
        }

        string script = standardInput ?? "";
        if (SetsMissing)
        {
            return Task.FromResult(new NftResult(1, "", "Error: Could not process rule: No such file or directory\n"));
        }

        if (script.Contains(TimeoutUpdateProbe.ProbeSet, StringComparison.Ordinal))
        {
            return Task.FromResult(new NftResult(0, "", ""));
        }

        Scripts.Add(script);
        var bad = Poisoned.FirstOrDefault(p => script.Contains($" {p} ", StringComparison.Ordinal) || script.Contains($" {p},", StringComparison.Ordinal));
        return Task.FromResult(bad is null
            ? new NftResult(0, "", "")
            : new NftResult(1, "", $"/dev/stdin:1:1-9: Error: interval overlaps with an existing one ({bad})\n"));
    }
}
