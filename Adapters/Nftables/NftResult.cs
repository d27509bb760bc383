namespace FirewallGateway.Adapters.Nftables;

/// <summary>What one finished nft run printed. Exit code 0 is success; 1 means nft refused the script.</summary>
internal sealed record NftResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first error line nft printed, for outcomes and logs.</summary>
    public string Error =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal))
        ?? (StandardError.Trim() is { Length: > 0 } all ? all : $"nft exited {ExitCode}");
}
