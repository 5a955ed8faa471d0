/** Event time: timestamp assigners, watermark generators and strategies with idleness. */
package io.ringflow.api.watermark;
