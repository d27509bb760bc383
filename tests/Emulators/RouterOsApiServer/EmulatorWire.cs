using System.Text;

namespace FirewallGateway.Emulators.RouterOs;

/// <summary>
/// The emulator's own word codec, written separately from the client's so a shared mistake cannot hide:
/// lengths per PROTOCOLS.md 1.2, a sentence ends with a zero-length word.
/// </summary>
public static class EmulatorWire
{
    public static void WriteLength(Stream output, long length)
    {
        if (length < 0x80)
        {
            output.WriteByte((byte)length);
        }
        else if (length < 0x4000)
        {
            WriteBigEndian(output, length | 0x8000, 2);
        }
        else if (length < 0x200000)
        {
            WriteBigEndian(output, length | 0xC00000, 3);
        }
        else if (length < 0x10000000)
        {
            WriteBigEndian(output, length | 0xE0000000, 4);
        }
        else
        {
            output.WriteByte(0xF0);
            WriteBigEndian(output, length, 4);
        }
    }

    public static byte[] Sentence(IEnumerable<string> words)
    {
        using var buffer = new MemoryStream();
        foreach (string word in words)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(word);
            WriteLength(buffer, bytes.Length);
            buffer.Write(bytes);
        }

        buffer.WriteByte(0);
        return buffer.ToArray();
    }

    private static void WriteBigEndian(Stream output, long value, int bytes)
    {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        {
            output.WriteByte((byte)(value >> shift));
        }
    }
}

/// <summary>Reads client sentences; a client is trusted no further than a 1 MiB word.</summary>
internal sealed class EmulatorReader
{
    private readonly Stream _stream;
    private readonly byte[] _one = new byte[1];

    public EmulatorReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next sentence, or null at the end of the stream.</summary>
    public async Task<List<string>?> ReadAsync(CancellationToken cancellationToken)
    {
        var words = new List<string>();
        while (true)
        {
            int? first = await ReadByteAsync(cancellationToken);
            if (first is null)
            {
                return null;
            }

            long length = first.Value;
            int extra = 0;
            if ((first & 0x80) == 0)
            {
                extra = 0;
            }
            else if ((first & 0xC0) == 0x80)
            {
                length &= 0x3F;
                extra = 1;
            }
            else if ((first & 0xE0) == 0xC0)
            {
                length &= 0x1F;
                extra = 2;
            }
            else if ((first & 0xF0) == 0xE0)
            {
                length &= 0x0F;
                extra = 3;
            }
            else if (first == 0xF0)
            {
                length = 0;
                extra = 4;
            }
            else
            {
                throw new InvalidDataException($"control byte 0x{first:X2} from the client");
            }

            for (int i = 0; i < extra; i++)
            {
                length = (length << 8) | (uint)(await ReadByteAsync(cancellationToken) ?? throw new EndOfStreamException());
            }

            if (length == 0)
            {
                if (words.Count > 0)
                {
                    return words;
                }

                continue;
            }

            if (length > 1 << 20)
            {
                throw new InvalidDataException($"a word of {length} bytes from the client");
            }

            byte[] word = new byte[length];
            await _stream.ReadExactlyAsync(word, cancellationToken);
            words.Add(Encoding.UTF8.GetString(word));
        }
    }

    private async Task<int?> ReadByteAsync(CancellationToken cancellationToken)
    {
        int read = await _stream.ReadAsync(_one, cancellationToken);
        return read == 0 ? null : _one[0];
    }
}
