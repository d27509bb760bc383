using Microsoft.Extensions.Logging;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>Log messages of the nftables adapter, with fixed event ids (4100-4199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4101, EventName = "NftBatchRefused", Level = LogLevel.Warning,
        Message = "nftables target {Target}: nft refused a batch of {Count} ({Error}); splitting it to find the bad items")]
    public static partial void BatchRefused(ILogger logger, string target, int count, string error);

    [LoggerMessage(EventId = 4102, EventName = "NftItemRefused", Level = LogLevel.Warning,
        Message = "nftables target {Target}: nft refused {Address}: {Error}")]
    public static partial void ItemRefused(ILogger logger, string target, string address, string error);

    [LoggerMessage(EventId = 4103, EventName = "NftEnsured", Level = LogLevel.Information,
        Message = "nftables target {Target}: table {Table} with sets {Sets} and the drop chain are in place")]
    public static partial void Ensured(ILogger logger, string target, string table, string sets);

    [LoggerMessage(EventId = 4104, EventName = "NftListSkipped", Level = LogLevel.Warning,
        Message = "nftables target {Target}: {Count} elements of set {Set} are not one address or CIDR block and were left out of the listing")]
    public static partial void ListSkipped(ILogger logger, string target, int count, string set);
}
