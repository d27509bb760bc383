using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Finds out once whether the kernel replaces an existing element's timeout when the element is added again
/// (recent kernels do; older ones keep the old timeout). In a throw-away set <c>fgw_probe</c> of the gateway's
/// table (no interval flag, so it costs a few milliseconds) an element is added with 60 s, then with 3600 s,
/// and read back; the set is deleted again. Bans use plain adds when the answer is yes, and the slower
/// add/delete/add otherwise.
/// </summary>
internal sealed class TimeoutUpdateProbe
{
    public const string ProbeSet = "fgw_probe";

    private readonly NftSetNames _names;
    private readonly INftRunner _nft;
    private readonly TimeProvider _time;
    private bool? _replaces;

    public TimeoutUpdateProbe(NftSetNames names, INftRunner nft, TimeProvider time)
    {
        _names = names;
        _nft = nft;
        _time = time;
    }

    public async ValueTask<bool> KernelReplacesTimeoutAsync(CancellationToken cancellationToken)
    {
        if (_replaces is { } known)
        {
            return known;
        }

        string target = _names.Qualified(ProbeSet);
        try
        {
            await RunAsync($"add set {target} {{ type ipv4_addr; flags timeout; }}\nflush set {target}\nadd element {target} {{ 1.0.0.1 timeout 60s }}\n", cancellationToken);
            await RunAsync($"add element {target} {{ 1.0.0.1 timeout 3600s }}\n", cancellationToken);
            var listing = await _nft.RunAsync(["-j", "list", "set", _names.Family, _names.Table, ProbeSet], null, cancellationToken);
            if (!listing.Succeeded)
            {
                throw new NftTransportException($"cannot read back probe set {target}: {listing.Error}");
            }

            var (entries, _) = NftSetListing.Parse(listing.StandardOutput, _time.GetUtcNow());
            var probe = BanAddress.Parse("1.0.0.1");
            _replaces = entries.Any(e => e.Address == probe && e.ExpiresAt > _time.GetUtcNow().AddMinutes(10));
            return _replaces.Value;
        }
        finally
        {
            await DeleteProbeSetAsync(target);
        }
    }

    private async Task DeleteProbeSetAsync(string target)
    {
        try
        {
            await _nft.RunAsync(["-f", "-"], $"delete set {target}\n", CancellationToken.None);
        }
        catch (NftTransportException)
        {
            // nft could not run at all: the probe's own error is the one that matters.
        }
    }

    private async Task RunAsync(string script, CancellationToken cancellationToken)
    {
        var result = await _nft.RunAsync(["-f", "-"], script, cancellationToken);
        if (!result.Succeeded)
        {
            // Most often the table itself is missing: the target is not usable yet.
            throw new NftTransportException($"table {_names.Family} {_names.Table} is not usable: {result.Error}");
        }
    }
}
