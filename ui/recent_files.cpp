#include "ui/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace qs::ui {
namespace {
const QString kKey = QStringLiteral("recent/datasets");
}

QStringList RecentFiles::datasets()
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::addDataset(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = datasets();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxEntries)
        list.removeLast();
    QSettings().setValue(kKey, list);
}

void RecentFiles::clear()
{
    QSettings().remove(kKey);
}

} // namespace qs::ui
