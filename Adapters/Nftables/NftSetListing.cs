using System.Net;
using System.Numerics;
using System.Text.Json;
using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;

namespace FirewallGateway.Adapters.Nftables;

/// <summary>
/// Reads the output of <c>nft -j list set</c>. An element is a plain address, <c>{"prefix":{...}}</c>,
/// <c>{"range":[a,b]}</c>, or any of these wrapped in <c>{"elem":{"val":...,"timeout":s,"expires":s}}</c>.
/// Ranges that are not one CIDR block (the gateway never writes those) are counted as skipped, not guessed.
/// </summary>
internal static class NftSetListing
{
    public static (List<EnforcedEntry> Entries, int Skipped) Parse(string json, DateTimeOffset now)
    {
        var entries = new List<EnforcedEntry>();
        int skipped = 0;
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("nft -j output has no 'nftables' array");
        }

        foreach (var item in items.EnumerateArray())
        {
            if (!item.TryGetProperty("set", out var set) || !set.TryGetProperty("elem", out var elements))
            {
                continue;
            }

            foreach (var element in elements.EnumerateArray())
            {
                if (TryRead(element, now, out var entry))
                {
                    entries.Add(entry);
                }
                else
                {
                    skipped++;
                }
            }
        }

        return (entries, skipped);
    }

    private static bool TryRead(JsonElement element, DateTimeOffset now, out EnforcedEntry entry)
    {
        entry = default;
        DateTimeOffset? expiresAt = null;
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("elem", out var wrapped))
        {
            if (wrapped.TryGetProperty("expires", out var expires) && expires.TryGetInt64(out long seconds))
            {
                expiresAt = now.AddSeconds(seconds);
            }

            if (!wrapped.TryGetProperty("val", out element))
            {
                return false;
            }
        }

        if (!TryReadValue(element, out var address))
        {
            return false;
        }

        entry = new EnforcedEntry(address, expiresAt);
        return true;
    }

    private static bool TryReadValue(JsonElement value, out BanAddress address)
    {
        address = default;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return BanAddress.TryParse(value.GetString(), out address);
            case JsonValueKind.Object when value.TryGetProperty("prefix", out var prefix):
                return prefix.TryGetProperty("addr", out var addr) && prefix.TryGetProperty("len", out var len)
                    && addr.ValueKind == JsonValueKind.String && len.TryGetInt32(out int length)
                    && IPAddress.TryParse(addr.GetString(), out var network)
                    && BanAddress.TryCreate(network, length, out address)
                    && address.Network.Equals(network);
            case JsonValueKind.Object when value.TryGetProperty("range", out var range):
                return range.ValueKind == JsonValueKind.Array && range.GetArrayLength() == 2
                    && IPAddress.TryParse(range[0].GetString(), out var first)
                    && IPAddress.TryParse(range[1].GetString(), out var last)
                    && TryAsBlock(first, last, out address);
            default:
                return false;
        }
    }

    // nft prints an aligned interval as a prefix, but an interval written by hand may come back as a range.
    private static bool TryAsBlock(IPAddress first, IPAddress last, out BanAddress address)
    {
        address = default;
        if (first.AddressFamily != last.AddressFamily)
        {
            return false;
        }

        var low = new BigInteger(first.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var high = new BigInteger(last.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var size = high - low + 1;
        if (size <= 0 || !size.IsPowerOfTwo || !(low % size).IsZero)
        {
            return false;
        }

        int bits = first.GetAddressBytes().Length * 8;
        int prefix = bits - (int)(size.GetBitLength() - 1);
        return BanAddress.TryCreate(first, prefix, out address) && address.Network.Equals(first);
    }
}
