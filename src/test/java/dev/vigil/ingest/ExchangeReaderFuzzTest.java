package dev.vigil.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.ingest.exchange.ExchangeLog;
import dev.vigil.ingest.exchange.ExchangeLogFormat;

import java.io.IOException;

/**
 * The Exchange CSV readers on arbitrary bytes, as {@link ReaderFuzzTest} does for the others (same invariants: only
 * IOException escapes, and no reader returns more events than there are bytes). Seeds are in
 * {@code ExchangeReaderFuzzTestInputs/}: a header with a mid-file {@code #Fields}, quoted values spanning lines,
 * ECP EventData with {@code ;} inside a command, and an OAB log without a field list.
 */
class ExchangeReaderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void httpProxy(byte[] data) throws IOException {
        ReaderFuzzTest.readAll(new ExchangeLogFormat(ExchangeLog.HTTP_PROXY), data);
    }

    @FuzzTest(maxDuration = "5s")
    void ecp(byte[] data) throws IOException {
        ReaderFuzzTest.readAll(new ExchangeLogFormat(ExchangeLog.ECP), data);
    }

    @FuzzTest(maxDuration = "5s")
    void oabGenerator(byte[] data) throws IOException {
        ReaderFuzzTest.readAll(new ExchangeLogFormat(ExchangeLog.OAB_GENERATOR), data);
    }
}
