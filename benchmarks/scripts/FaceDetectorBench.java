// Face detector speed and recall on the GRID clips, close-up and as a simulated wide shot.
// Run: see docs/benchmarks.md ("Face detector").
import org.autotier.core.media.*; import org.autotier.core.face.*; import java.nio.file.*; import java.util.*;
public class FaceDetectorBench { public static void main(String[] a) throws Exception {
  List<VideoFrame> frames = new ArrayList<>();
  try (var s = Files.list(Path.of(a[0]))) { for (Path p : s.sorted().toList()) {
    new MediaDecoder(10, 320).decode(p, new MediaSink(){ public void audio(short[] x,int n,long st){} public void video(VideoFrame f){ frames.add(new VideoFrame(f.timeMs(), f.width(), f.height(), f.rgb().clone())); }}); } }
  // the same frames as a wide shot: face at 1/3 size, in a 3x larger grey canvas
  List<VideoFrame> wide = new ArrayList<>();
  for (VideoFrame f : frames) { int W=f.width()*3, H=f.height()*3; byte[] c = new byte[W*H*3]; Arrays.fill(c,(byte)90);
    for (int y=0;y<f.height();y++) System.arraycopy(f.rgb(), y*f.width()*3, c, ((y+H/3)*W + W/3)*3, f.width()*3);
    // analysis frames are 320 wide: downscale by 3 (nearest)
    int w=W/3*1, h=H/3; byte[] d=new byte[f.width()*f.height()*3];
    for (int y=0;y<f.height();y++) for (int x=0;x<f.width();x++){int s=((y*3)*W+(x*3))*3; int t=(y*f.width()+x)*3; d[t]=c[s]; d[t+1]=c[s+1]; d[t+2]=c[s+2];}
    wide.add(new VideoFrame(f.timeMs(), f.width(), f.height(), d)); }
  for (var v : BlazeFaceDetector.Variant.values()) try (var det = new BlazeFaceDetector(v, 0.6)) {
    for (int i=0;i<20;i++) det.detect(frames.get(i));
    for (var set : List.of(frames, wide)) { int hit=0; long t0=System.nanoTime(); for (VideoFrame f : set) if (!det.detect(f).isEmpty()) hit++;
      System.out.printf("%s %s: recall %d/%d = %.1f%%, %.2f ms/frame%n", v, set==frames?"close-up":"wide (face 1/3 size)", hit, set.size(), 100.0*hit/set.size(), (System.nanoTime()-t0)/1e6/set.size()); } }
}}
