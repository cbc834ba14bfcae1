package nusi.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** JSON in and out (Jackson): records map directly; files are written atomically. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("nusi")
                    .addSerializer(nusi.grid.EnergyGrid.class, new EnergyGridSerializer())
                    .addDeserializer(nusi.grid.EnergyGrid.class, new EnergyGridDeserializer()))
            // a plan records where a scan runs, not who watches it
            .addMixIn(Scans.Execution.class, WithoutListener.class);

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"listener"})
    private abstract static class WithoutListener {
    }

    /** An energy grid in a plan: its bins and edges (MeV), which define it. */
    private static final class EnergyGridSerializer
            extends com.fasterxml.jackson.databind.ser.std.StdSerializer<nusi.grid.EnergyGrid> {
        private static final long serialVersionUID = 1L;

        EnergyGridSerializer() {
            super(nusi.grid.EnergyGrid.class);
        }

        @Override
        public void serialize(nusi.grid.EnergyGrid g, com.fasterxml.jackson.core.JsonGenerator gen,
                              com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("bins", g.bins());
            gen.writeNumberField("minEnergyMeV", g.minEnergy());
            gen.writeNumberField("maxEnergyMeV", g.maxEnergy());
            double[] edges = g.edges();
            gen.writeFieldName("edgesMeV");
            gen.writeArray(edges, 0, edges.length);
            gen.writeEndObject();
        }
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(new NonClosingStream(out), value));
    }

    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON " + file + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON " + file + ": " + e.getMessage(), e);
        }
    }

    /** An energy grid read back from a plan: from its edges. */
    private static final class EnergyGridDeserializer
            extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<nusi.grid.EnergyGrid> {
        private static final long serialVersionUID = 1L;

        EnergyGridDeserializer() {
            super(nusi.grid.EnergyGrid.class);
        }

        @Override
        public nusi.grid.EnergyGrid deserialize(com.fasterxml.jackson.core.JsonParser p,
                                                com.fasterxml.jackson.databind.DeserializationContext ctx)
                throws IOException {
            JsonNode edges = ((JsonNode) p.readValueAsTree()).get("edgesMeV");
            if (edges == null || !edges.isArray()) {
                throw com.fasterxml.jackson.databind.exc.MismatchedInputException.from(p, nusi.grid.EnergyGrid.class,
                        "an energy grid needs its edgesMeV");
            }
            double[] e = new double[edges.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = edges.get(i).asDouble();
            }
            return nusi.grid.EnergyGrid.ofEdges(e);
        }
    }

    /** Jackson closes the stream it writes to; the atomic writer closes it itself. */
    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
