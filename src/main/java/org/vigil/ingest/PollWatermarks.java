package org.vigil.ingest;

import java.util.Optional;

/**
 * Where pollers keep how far they got ({@link FhirServerPolls.Watermark}), so a restarted Vigil or
 * another instance carries on where the last poll ended. Implementations live outside the domain
 * packages ({@code org.vigil.state}).
 */
public interface PollWatermarks {

    Optional<FhirServerPolls.Watermark> load(String key);

    void save(String key, FhirServerPolls.Watermark watermark);
}
