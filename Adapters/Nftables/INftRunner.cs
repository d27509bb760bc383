namespace FirewallGateway.Adapters.Nftables;

/// <summary>Runs nft with an argument list (never a command string); a test double counts or breaks runs.</summary>
internal interface INftRunner
{
    /// <summary>
    /// Runs <c>nft &lt;arguments&gt;</c> with <paramref name="standardInput"/> on stdin. Returns whatever nft said,
    /// including refusals; throws <see cref="NftTransportException"/> when nft could not run or judge the input.
    /// </summary>
    Task<NftResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken);
}
