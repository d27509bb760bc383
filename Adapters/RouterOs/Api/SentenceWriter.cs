using System.Buffers;
using System.Text;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>Encodes sentences: each word as its length prefix and UTF-8 bytes, then the zero-length terminator.</summary>
internal static class SentenceWriter
{
    public static void Write(IBufferWriter<byte> output, IEnumerable<string> words)
    {
        foreach (string word in words)
        {
            int byteCount = Encoding.UTF8.GetByteCount(word);
            var span = output.GetSpan(WordLength.MaxPrefixBytes + byteCount);
            int prefix = WordLength.Encode((uint)byteCount, span);
            Encoding.UTF8.GetBytes(word, span[prefix..]);
            output.Advance(prefix + byteCount);
        }

        output.GetSpan(1)[0] = 0;
        output.Advance(1);
    }

    /// <summary>The sentence as one byte array (tests, the login exchange).</summary>
    public static byte[] ToBytes(IEnumerable<string> words)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, words);
        return buffer.WrittenSpan.ToArray();
    }
}
